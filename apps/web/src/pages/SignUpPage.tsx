import { EmailField, FormError, PasswordField } from "@codeclass/ui";
import { email as emailSchema, limits, password as passwordSchema } from "@codeclass/validators";
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authClient } from "../auth.ts";
import { SocialSignInButtons } from "../components/auth/SocialSignInButtons.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { authErrorMessage } from "../lib/errors.ts";
import { safeNext, withNext } from "../lib/safeRedirect.ts";
import { checkValue } from "../lib/validate.ts";

type Field = "name" | "email" | "password";

export function SignUpPage() {
  usePageTitle("Sign up");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [checkMail, setCheckMail] = useState(false);

  const set = (field: Field) => (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fieldErrors: Partial<Record<Field, string>> = {
      name: values.name.trim() ? undefined : "Enter your name",
      email: checkValue(emailSchema, values.email.trim()) ?? undefined,
      password: checkValue(passwordSchema, values.password) ?? undefined,
    };
    setErrors(fieldErrors);
    setFormError(null);
    if (Object.values(fieldErrors).some(Boolean)) return;

    setPending(true);
    const { data, error } = await authClient.signUp.email({
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      // The verification link lands here (pages/VerifyEmailPage.tsx).
      // The confirmation link comes back to where the reader was going (a join link, say).
      callbackURL: withNext("/verify-email", next),
    });
    setPending(false);
    if (error) {
      setFormError(authErrorMessage(error));
      return;
    }
    // Without a session token the server wants the address verified first.
    if (!data?.token) {
      setCheckMail(true);
      return;
    }
    queryClient.clear();
    notifications.show({ color: "green", message: `Check your email: we sent a link to ${values.email.trim()} to confirm the address.` });
    await navigate(next, { replace: true });
  };

  if (checkMail) {
    return (
      <Stack gap="md">
        <Title order={1} size="h3">
          Check your email
        </Title>
        <Alert color="green" role="status">
          We sent a link to {values.email}. Open it to finish creating your account.
        </Alert>
        <Anchor component={Link} to="/sign-in" size="sm">
          Back to sign in
        </Anchor>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Create your account
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            autoComplete="name"
            required
            maxLength={limits.name}
            value={values.name}
            onChange={set("name")}
            error={errors.name}
            autoFocus
          />
          <EmailField value={values.email} onChange={set("email")} error={errors.email} />
          <PasswordField
            label="Password"
            description={`At least ${limits.passwordMin} characters.`}
            autoComplete="new-password"
            required
            minLength={limits.passwordMin}
            maxLength={limits.passwordMax}
            value={values.password}
            onChange={set("password")}
            error={errors.password}
          />
          <FormError message={formError} />
          <Button type="submit" fullWidth loading={pending}>
            Sign up
          </Button>
        </Stack>
      </form>
      <SocialSignInButtons next={next} />
      <Text size="sm" ta="center">
        Already have an account?{" "}
        <Anchor component={Link} to={withNext("/sign-in", next)}>
          Sign in
        </Anchor>
      </Text>
    </Stack>
  );
}
