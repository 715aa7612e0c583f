import { FormError, PasswordField } from "@codeclass/ui";
import { limits, password as passwordSchema } from "@codeclass/validators";
import { Button, Checkbox, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useId, useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { checkValue } from "../../lib/validate.ts";

type Field = "current" | "next";

/** Changes the password, optionally signing out every other device. */
export function ChangePasswordForm() {
  const headingId = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [revokeOthers, setRevokeOthers] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fieldErrors: Partial<Record<Field, string>> = {
      current: current ? undefined : "Enter your current password",
      next: checkValue(passwordSchema, next) ?? (next === current ? "Choose a password different from the current one" : undefined),
    };
    setErrors(fieldErrors);
    setFormError(null);
    if (fieldErrors.current || fieldErrors.next) return;
    setPending(true);
    const { error } = await authClient.changePassword({ currentPassword: current, newPassword: next, revokeOtherSessions: revokeOthers });
    setPending(false);
    if (error) {
      if (error.code === "INVALID_PASSWORD") setErrors({ current: "This is not your current password" });
      else setFormError(authErrorMessage(error));
      return;
    }
    setCurrent("");
    setNext("");
    notifications.show({
      color: "green",
      message: revokeOthers ? "Your password is changed, and your other devices are signed out." : "Your password is changed.",
    });
  };

  return (
    <Stack component="section" gap="sm" aria-labelledby={headingId}>
      <Title order={3} size="h4" id={headingId}>
        Change password
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <PasswordField
            label="Current password"
            autoComplete="current-password"
            required
            maxLength={limits.passwordMax}
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.current}
          />
          <PasswordField
            label="New password"
            description={`At least ${limits.passwordMin} characters.`}
            autoComplete="new-password"
            required
            maxLength={limits.passwordMax}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={errors.next}
          />
          <Checkbox
            label="Sign out of my other devices"
            checked={revokeOthers}
            onChange={(e) => setRevokeOthers(e.currentTarget.checked)}
          />
          <FormError message={formError} />
          <Button type="submit" loading={pending} w="fit-content">
            Change password
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
