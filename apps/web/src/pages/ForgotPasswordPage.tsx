import { EmailField, FormError } from "@codeclass/ui";
import { email as emailSchema } from "@codeclass/validators";
import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { authClient } from "../auth.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { authErrorMessage } from "../lib/errors.ts";
import { checkValue } from "../lib/validate.ts";

export function ForgotPasswordPage() {
  usePageTitle("Forgot password");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = checkValue(emailSchema, email.trim());
    setError(invalid);
    setFormError(null);
    if (invalid) return;
    setPending(true);
    const result = await authClient.requestPasswordReset({ email: email.trim(), redirectTo: "/reset-password" });
    setPending(false);
    if (result.error) {
      setFormError(authErrorMessage(result.error));
      return;
    }
    setSentTo(email.trim());
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Reset your password
      </Title>
      {sentTo ? (
        <Alert color="green" role="status" title="Check your email">
          If an account uses {sentTo}, we sent it a link to choose a new password. The link works for one hour.
        </Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Enter the email you signed up with and we will send you a link to choose a new password.
          </Text>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <EmailField value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={error} autoFocus />
              <FormError message={formError} />
              <Button type="submit" fullWidth loading={pending}>
                Send reset link
              </Button>
            </Stack>
          </form>
        </>
      )}
      <Anchor component={Link} to="/sign-in" size="sm" ta="center">
        Back to sign in
      </Anchor>
    </Stack>
  );
}
