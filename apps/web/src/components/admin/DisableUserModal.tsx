import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { AdminUserRow } from "./adminTypes.ts";

const reasonMax = 500;

/** Asks why (optional) before disabling an account, and says what disabling does. */
export function DisableUserModal({ user, onClose }: { user: AdminUserRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const disable = useMutation(
    trpc.admin.disable.mutationOptions({
      onSuccess: async (after) => {
        await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
        notifications.show({ color: "green", message: `${after.name} is disabled and signed out everywhere.` });
        close();
      },
    }),
  );
  const close = () => {
    setReason("");
    disable.reset();
    onClose();
  };
  const tooLong = reason.length > reasonMax;

  return (
    <Modal
      opened={user !== null}
      onClose={disable.isPending ? () => {} : close}
      title={user ? `Disable ${user.name}?` : ""}
      closeButtonProps={{ "aria-label": "Close" }}
      centered
    >
      {user ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!tooLong) disable.mutate({ userId: user.id, reason: reason.trim() || undefined });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              {user.email} is signed out everywhere at once, their open editors disconnect within seconds, and they cannot sign in until an
              administrator enables the account again. Nothing of theirs is deleted.
            </Text>
            <Textarea
              label="Reason"
              description={`Optional; kept with the account and in the audit log (up to ${reasonMax} characters).`}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              error={tooLong ? `The reason is ${reason.length} characters; the limit is ${reasonMax}.` : undefined}
              data-autofocus
            />
            {disable.error ? (
              <Alert color="red" title="Could not disable the account" role="alert">
                {errorMessage(disable.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={disable.isPending}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={disable.isPending} disabled={tooLong}>
                Disable account
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
