import { roleLabel } from "@codeclass/ui";
import { type GlobalRole, globalRoles } from "@codeclass/validators";
import { NativeSelect } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { AdminUserRow } from "./adminTypes.ts";

const roleChoices = globalRoles.map((r) => ({ value: r, label: roleLabel(r) }));

/** An account's global role, changed at once; a refusal (the last administrator) is explained and the old role stays. */
export function UserRoleSelect({ user }: { user: AdminUserRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setRole = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSuccess: async (after) => {
        await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
        notifications.show({ color: "green", message: `${after.name} is now ${roleLabel(after.role as GlobalRole)}.` });
      },
      onError: (error) => notifications.show({ color: "red", title: `Could not change ${user.name}'s role`, message: errorMessage(error) }),
    }),
  );
  return (
    <NativeSelect
      size="xs"
      aria-label={`Role of ${user.name}`}
      data={roleChoices}
      value={user.role}
      disabled={setRole.isPending}
      onChange={(e) => setRole.mutate({ userId: user.id, role: e.currentTarget.value as GlobalRole })}
    />
  );
}
