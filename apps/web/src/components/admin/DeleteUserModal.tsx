import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { AdminUserRow } from "./adminTypes.ts";

/**
 * Deleting an account, with the data policy `admin.deleteUser` carries out stated before the admin
 * confirms by typing the account's email.
 */
export function DeleteUserModal({ user, onClose }: { user: AdminUserRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.admin.deleteUser.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
        notifications.show({ color: "green", message: `${user?.email ?? "The account"} is deleted.` });
        close();
      },
    }),
  );
  const close = () => {
    setTyped("");
    remove.reset();
    onClose();
  };
  const matches = user !== null && typed.trim().toLowerCase() === user.email.toLowerCase();

  return (
    <Modal
      opened={user !== null}
      onClose={remove.isPending ? () => {} : close}
      title={user ? `Delete ${user.name}'s account?` : ""}
      closeButtonProps={{ "aria-label": "Close" }}
      centered
      size="lg"
    >
      {user ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) remove.mutate({ userId: user.id });
          }}
        >
          <Stack gap="sm">
            <Text size="sm" fw={600}>
              Deleted for good (this cannot be undone):
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>the account, its passwords and sign-in methods, sessions and two-factor secrets;</List.Item>
              <List.Item>its enrollments in every course;</List.Item>
              <List.Item>its own workspaces with their edit history, and its runs.</List.Item>
            </List>
            <Text size="sm" fw={600}>
              Kept, with no author:
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>audit log entries (the deletion's entry keeps the account's email and name);</List.Item>
              <List.Item>courses the account created, and course templates it saved;</List.Item>
              <List.Item>its edits in other people's workspaces.</List.Item>
            </List>
            <Text size="sm" c="dimmed">
              An account that is the only instructor of a course cannot be deleted: make someone else its instructor first. To keep the
              data, disable the account instead.
            </Text>
            <TextInput
              label={`Type ${user.email} to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            {remove.error ? (
              <Alert color="red" title="Could not delete the account" role="alert">
                {errorMessage(remove.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={remove.isPending}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={remove.isPending} disabled={!matches}>
                Delete account
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
