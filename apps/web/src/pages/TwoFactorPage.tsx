import { FormError } from "@codeclass/ui";
import { Anchor, Button, Checkbox, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authClient } from "../auth.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { authErrorMessage } from "../lib/errors.ts";
import { safeNext, withNext } from "../lib/safeRedirect.ts";

type Method = "totp" | "backup";

/** The second step of signing in, for accounts with two-factor authentication on. */
export function TwoFactorPage() {
  usePageTitle("Two-factor authentication");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method>("totp");
  const [code, setCode] = useState("");
  const [trustDevice, setTrustDevice] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const switchMethod = () => {
    setMethod((m) => (m === "totp" ? "backup" : "totp"));
    setCode("");
    setError(null);
    setFormError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    const invalid =
      method === "totp"
        ? /^\d{6}$/.test(value)
          ? null
          : "Enter the 6-digit code from your authenticator app"
        : value
          ? null
          : "Enter one of your backup codes";
    setError(invalid);
    setFormError(null);
    if (invalid) return;
    setPending(true);
    const { error: authError } =
      method === "totp"
        ? await authClient.twoFactor.verifyTotp({ code: value, trustDevice })
        : await authClient.twoFactor.verifyBackupCode({ code: value, trustDevice });
    setPending(false);
    if (authError) {
      // A wrong code belongs under the field; anything else (an expired sign-in, a lock-out) above the button.
      if (authError.code === "INVALID_CODE" || authError.code === "INVALID_BACKUP_CODE") setError(authErrorMessage(authError));
      else setFormError(authErrorMessage(authError));
      return;
    }
    queryClient.clear();
    await navigate(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Two-factor authentication
      </Title>
      <Text size="sm" c="dimmed">
        {method === "totp"
          ? "Open your authenticator app and enter the 6-digit code it shows for Codeclass."
          : "Enter one of the backup codes you saved when you turned on two-factor authentication. Each code works once."}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {method === "totp" ? (
            <TextInput
              key="totp"
              label="Authentication code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
              autoFocus
            />
          ) : (
            <TextInput
              key="backup"
              label="Backup code"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={64}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
              autoFocus
            />
          )}
          <Checkbox
            label="Trust this device"
            description="Skip this step on this browser for the next 30 days."
            checked={trustDevice}
            onChange={(e) => setTrustDevice(e.currentTarget.checked)}
          />
          <FormError message={formError} />
          <Button type="submit" fullWidth loading={pending}>
            Verify
          </Button>
        </Stack>
      </form>
      <Button variant="subtle" size="sm" onClick={switchMethod}>
        {method === "totp" ? "Use a backup code instead" : "Use your authenticator app instead"}
      </Button>
      <Anchor component={Link} to={withNext("/sign-in", next)} size="sm" ta="center">
        Back to sign in
      </Anchor>
    </Stack>
  );
}
