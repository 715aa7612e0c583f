import { Alert, Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";

/** For a signed-in user whose address is not verified yet: why it matters, and a way to get the mail again. */
export function VerifyEmailBanner() {
  const session = authClient.useSession();
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  const user = session.data?.user;
  if (!user || user.emailVerified) return null;

  const resend = async () => {
    setState("sending");
    setError(null);
    const { error } = await authClient.sendVerificationEmail({ email: user.email, callbackURL: "/verify-email" });
    if (error) {
      setError(authErrorMessage(error));
      setState("idle");
    } else setState("sent");
  };

  return (
    <Alert color="yellow" title="Confirm your email address" mb="md" role="status">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">
          {state === "sent"
            ? `We sent a new link to ${user.email}. Open it to confirm your address.`
            : `Open the link we sent to ${user.email}. Your courses open once the address is confirmed.`}
          {error ? ` ${error}` : ""}
        </Text>
        <Button size="xs" variant="light" onClick={resend} loading={state === "sending"} disabled={state === "sent"}>
          Resend the link
        </Button>
      </Group>
    </Alert>
  );
}
