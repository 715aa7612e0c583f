import { Badge, Button, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { BackupCodes } from "./BackupCodes.tsx";
import { EnableTwoFactorModal } from "./EnableTwoFactorModal.tsx";
import { PasswordPrompt } from "./PasswordPrompt.tsx";

/** Two-factor status, and the dialogs that turn it on or off and renew backup codes. */
export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [enableOpened, enableModal] = useDisclosure(false);
  const [disableOpened, disableModal] = useDisclosure(false);
  const [codesOpened, codesModal] = useDisclosure(false);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  const refresh = () => queryClient.invalidateQueries(trpc.me.get.queryFilter());

  const disable = async (password: string) => {
    const { error } = await authClient.twoFactor.disable({ password });
    if (error) return authErrorMessage(error);
    disableModal.close();
    await refresh();
    notifications.show({ color: "green", message: "Two-factor authentication is off." });
    return null;
  };

  const regenerate = async (password: string) => {
    const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
    if (error) return authErrorMessage(error);
    setNewCodes(data?.backupCodes ?? []);
    notifications.show({ color: "green", message: "New backup codes are ready; the old ones no longer work." });
    return null;
  };

  const closeCodes = () => {
    setNewCodes(null);
    codesModal.close();
  };

  return (
    <Stack component="section" gap="sm" aria-labelledby={headingId}>
      <Group gap="sm">
        <Title order={3} size="h4" id={headingId}>
          Two-factor authentication
        </Title>
        <Badge color={enabled ? "teal" : "gray"} variant="light">
          {enabled ? "On" : "Off"}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {enabled
          ? "Signing in asks for a code from your authenticator app as well as your password."
          : "Ask for a code from an authenticator app as well as your password when signing in, so a stolen password alone is not enough."}
      </Text>
      <Group gap="sm">
        {enabled ? (
          <>
            <Button variant="default" onClick={codesModal.open}>
              Regenerate backup codes
            </Button>
            <Button variant="default" color="red" onClick={disableModal.open}>
              Turn off two-factor authentication
            </Button>
          </>
        ) : (
          <Button onClick={enableModal.open}>Turn on two-factor authentication</Button>
        )}
      </Group>

      <EnableTwoFactorModal
        opened={enableOpened}
        onClose={enableModal.close}
        onEnabled={() => {
          enableModal.close();
          void refresh();
        }}
      />
      <Modal opened={disableOpened} onClose={disableModal.close} title="Turn off two-factor authentication" centered>
        <PasswordPrompt
          reason="Signing in will then need only your password. Enter it to confirm."
          submitLabel="Turn off"
          danger
          onSubmit={disable}
          onCancel={disableModal.close}
        />
      </Modal>
      <Modal opened={codesOpened} onClose={closeCodes} title="Regenerate backup codes" centered>
        {newCodes ? (
          <Stack gap="md">
            <BackupCodes codes={newCodes} />
            <Group justify="flex-end">
              <Button onClick={closeCodes}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <PasswordPrompt
            reason="New codes replace your current backup codes, which stop working. Enter your password to confirm."
            submitLabel="Regenerate"
            onSubmit={regenerate}
            onCancel={closeCodes}
          />
        )}
      </Modal>
    </Stack>
  );
}
