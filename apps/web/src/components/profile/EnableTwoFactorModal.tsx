import { FormError } from "@codeclass/ui";
import { Button, Center, Code, CopyButton, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import QRCode from "react-qr-code";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { BackupCodes } from "./BackupCodes.tsx";
import { PasswordPrompt } from "./PasswordPrompt.tsx";

interface Setup {
  totpURI: string;
  backupCodes: string[];
}

/** The authenticator key inside an otpauth:// URI, for people who type it in by hand. */
function secretOf(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}

export interface EnableTwoFactorModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called once the first code is verified and two-factor authentication is on. */
  onEnabled: () => void;
}

/** Turning on two-factor authentication: password, then QR code and backup codes, then a first code. */
export function EnableTwoFactorModal({ opened, onClose, onEnabled }: EnableTwoFactorModalProps) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const close = () => {
    setSetup(null);
    onClose();
  };

  const start = async (password: string) => {
    const { data, error } = await authClient.twoFactor.enable({ password });
    if (error) return authErrorMessage(error);
    if (data?.method !== "totp") return "The server did not return a setup key. Try again.";
    setSetup({ totpURI: data.totpURI, backupCodes: data.backupCodes });
    return null;
  };

  return (
    <Modal opened={opened} onClose={close} title="Turn on two-factor authentication" size="lg" centered>
      {setup ? (
        <SetupStep
          setup={setup}
          onDone={() => {
            setSetup(null);
            onEnabled();
          }}
          onCancel={close}
        />
      ) : (
        <PasswordPrompt reason="Enter your password to confirm it is you." submitLabel="Continue" onSubmit={start} onCancel={close} />
      )}
    </Modal>
  );
}

function SetupStep({ setup, onDone, onCancel }: { setup: Setup; onDone: () => void; onCancel: () => void }) {
  const secret = secretOf(setup.totpURI);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(value)) {
      setError("Enter the 6-digit code your app shows");
      return;
    }
    setPending(true);
    const result = await authClient.twoFactor.verifyTotp({ code: value });
    setPending(false);
    if (result.error) {
      if (result.error.code === "INVALID_CODE") setError(authErrorMessage(result.error));
      else setFormError(authErrorMessage(result.error));
      return;
    }
    notifications.show({ color: "green", message: "Two-factor authentication is on. You will need a code each time you sign in." });
    onDone();
  };

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h5">
          1. Add Codeclass to your authenticator app
        </Title>
        <Text size="sm">Scan this QR code with an app such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis.</Text>
        <Center p="md" bg="white" style={{ borderRadius: "var(--mantine-radius-md)" }}>
          <QRCode
            value={setup.totpURI}
            size={176}
            title="QR code for your authenticator app"
            role="img"
            aria-label="QR code for your authenticator app"
          />
        </Center>
        {secret ? (
          <>
            <Text size="sm">Cannot scan it? Enter this key in the app instead:</Text>
            <Group gap="xs" wrap="nowrap">
              <Code fz="sm" style={{ overflowWrap: "anywhere" }} aria-label="Setup key">
                {secret}
              </Code>
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button variant="light" size="xs" onClick={copy} color={copied ? "teal" : undefined}>
                    {copied ? "Copied" : "Copy key"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        ) : null}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          2. Save your backup codes
        </Title>
        <BackupCodes codes={setup.backupCodes} />
      </Stack>
      <form onSubmit={verify} noValidate>
        <Stack gap="xs">
          <Title order={3} size="h5">
            3. Enter the code from the app
          </Title>
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            maw={320}
          />
          <FormError message={formError} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Verify and turn on
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
