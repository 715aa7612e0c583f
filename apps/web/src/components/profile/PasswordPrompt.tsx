import { PasswordField } from "@codeclass/ui";
import { limits } from "@codeclass/validators";
import { Button, Group, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";

export interface PasswordPromptProps {
  /** Why the password is asked for. */
  reason: string;
  /** The submit button's text. */
  submitLabel: string;
  /** Checks the password server-side; resolves to an error sentence, or null on success. */
  onSubmit: (password: string) => Promise<string | null>;
  onCancel: () => void;
  /** Red submit button for actions that weaken security. */
  danger?: boolean;
}

/** "Confirm it is you": a password field in a dialog, before a security change. */
export function PasswordPrompt({ reason, submitLabel, onSubmit, onCancel, danger }: PasswordPromptProps) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError("Enter your password");
      return;
    }
    setPending(true);
    const failure = await onSubmit(password);
    setPending(false);
    setError(failure);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{reason}</Text>
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          maxLength={limits.passwordMax}
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} color={danger ? "red" : undefined}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
