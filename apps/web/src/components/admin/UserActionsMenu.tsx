import { ActionIcon, Menu } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { AdminUserRow } from "./adminTypes.ts";
import { sessionSwitchClient } from "./sessionSwitch.ts";

/** One account's actions; disabling and deleting open their dialogs (`onDisable`, `onDelete`). */
export function UserActionsMenu({
  user,
  isMe,
  onDisable,
  onDelete,
}: {
  user: AdminUserRow;
  isMe: boolean;
  onDisable: () => void;
  onDelete: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const failed = (what: string) => (error: unknown) =>
    notifications.show({ color: "red", title: `Could not ${what}`, message: errorMessage(error) });
  const enable = useMutation(
    trpc.admin.enable.mutationOptions({
      onSuccess: async (after) => {
        await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
        notifications.show({ color: "green", message: `${after.name} can sign in again.` });
      },
      onError: failed(`enable ${user.name}`),
    }),
  );
  const reset = useMutation(
    trpc.admin.sendResetLink.mutationOptions({
      onSuccess: ({ sentTo }) => notifications.show({ color: "green", message: `A password-reset link was mailed to ${sentTo}.` }),
      onError: failed(`send ${user.name} a reset link`),
    }),
  );
  const impersonate = useMutation({
    mutationFn: () => sessionSwitchClient.admin.impersonate.mutate({ userId: user.id }),
    // The answer's cookies made this browser the user: reload so every cached page is theirs.
    onSuccess: () => window.location.assign("/"),
    onError: failed(`impersonate ${user.name}`),
  });
  const busy = enable.isPending || reset.isPending || impersonate.isPending;

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`} loading={busy}>
          <span aria-hidden="true">⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {user.disabled ? (
          <Menu.Item onClick={() => enable.mutate({ userId: user.id })}>Enable</Menu.Item>
        ) : (
          <Menu.Item onClick={onDisable} disabled={isMe} title={isMe ? "You cannot disable your own account" : undefined}>
            Disable…
          </Menu.Item>
        )}
        <Menu.Item onClick={() => reset.mutate({ userId: user.id })} disabled={user.disabled}>
          Send password-reset link
        </Menu.Item>
        <Menu.Item
          onClick={() => impersonate.mutate()}
          disabled={isMe || user.role === "admin" || user.disabled}
          title={user.role === "admin" ? "Administrators cannot be impersonated" : undefined}
        >
          Impersonate
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={onDelete} disabled={isMe} title={isMe ? "You cannot delete your own account" : undefined}>
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
