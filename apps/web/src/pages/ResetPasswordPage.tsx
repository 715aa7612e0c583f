import { FormError, PasswordField } from "@codeclass/ui";
import { limits, password as passwordSchema } from "@codeclass/validators";
import { Alert, Anchor, Button, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authClient } from "../auth.ts";
import { AuthLayout } from "../components/shell/AuthLayout.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { authErrorMessage } from "../lib/errors.ts";
import { checkValue } from "../lib/validate.ts";

export function ResetPasswordPage() {
  usePageTitle("Choose a new password");
  const [params] = useSearchParams();
  const token = params.get("token");
  // better-auth sends the reader here with ?error=INVALID_TOKEN when the link has expired.
  const linkError = params.get("error");
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    const invalid = checkValue(passwordSchema, password);
    setError(invalid);
    setFormError(null);
    if (invalid) return;
    setPending(true);
    const { error } = await authClient.resetPassword({ newPassword: password, token });
    setPending(false);
    if (error) {
      setFormError(authErrorMessage(error));
      return;
    }
    notifications.show({ color: "green", message: "Your password is changed. Sign in with the new one." });
    await navigate("/sign-in", { replace: true });
  };

  return (
    <AuthLayout>
      <Stack gap="md">
        <Title order={1} size="h3">
          Choose a new password
        </Title>
        {!token || linkError ? (
          <Alert color="red" role="alert" title="This link does not work">
            The reset link is not valid or has expired.{" "}
            <Anchor component={Link} to="/forgot-password">
              Ask for a new link
            </Anchor>
            .
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <PasswordField
                label="New password"
                description={`At least ${limits.passwordMin} characters.`}
                autoComplete="new-password"
                required
                maxLength={limits.passwordMax}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={error}
                autoFocus
              />
              <FormError message={formError} />
              <Button type="submit" fullWidth loading={pending}>
                Reset password
              </Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/sign-in" size="sm" ta="center">
          Back to sign in
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
