import { EmailField, FormError, PasswordField } from "@codeclass/ui";
import { Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authClient } from "../auth.ts";
import { SocialSignInButtons } from "../components/auth/SocialSignInButtons.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { authErrorMessage } from "../lib/errors.ts";
import { safeNext, withNext } from "../lib/safeRedirect.ts";

export function SignInPage() {
  usePageTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(
    params.get("error") ? `Signing in with that provider did not work (${params.get("error")}). Try again, or use your email.` : null,
  );
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fieldErrors = {
      email: email.trim() ? undefined : "Enter your email address",
      password: password ? undefined : "Enter your password",
    };
    setErrors(fieldErrors);
    setFormError(null);
    if (fieldErrors.email || fieldErrors.password) return;

    setPending(true);
    const { data, error } = await authClient.signIn.email({ email: email.trim(), password });
    setPending(false);
    if (error) {
      setFormError(authErrorMessage(error));
      return;
    }
    queryClient.clear();
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
      await navigate(withNext("/two-factor", next));
      return;
    }
    await navigate(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Sign in
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <EmailField value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} autoFocus />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot password?
            </Anchor>
          </Group>
          <FormError message={formError} />
          <Button type="submit" fullWidth loading={pending}>
            Sign in
          </Button>
        </Stack>
      </form>
      <SocialSignInButtons next={next} />
      <Text size="sm" ta="center">
        New to Codeclass?{" "}
        <Anchor component={Link} to={withNext("/sign-up", next)}>
          Create an account
        </Anchor>
      </Text>
    </Stack>
  );
}
