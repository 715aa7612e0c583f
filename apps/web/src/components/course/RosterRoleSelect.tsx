import type { CourseRole } from "@codeclass/validators";
import { NativeSelect } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RosterEntry } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { courseRoleOptions, roleNoun } from "./courseRoles.ts";

/** A roster row's role, changed as soon as another is picked. */
export function RosterRoleSelect({ courseId, entry, disabled }: { courseId: string; entry: RosterEntry; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setRole = useMutation(
    trpc.enrollment.setRole.mutationOptions({
      onSuccess: async (updated) => {
        // Your own role may have changed what you can do here.
        await Promise.all([
          queryClient.invalidateQueries(trpc.enrollment.roster.queryFilter({ courseId })),
          queryClient.invalidateQueries(trpc.course.pathFilter()),
        ]);
        notifications.show({ color: "green", message: `${updated.name} is now ${roleNoun(updated.role)}.` });
      },
      onError: (error) => {
        notifications.show({ color: "red", title: `Could not change ${entry.name}'s role`, message: errorMessage(error) });
      },
    }),
  );

  return (
    <NativeSelect
      aria-label={`Role of ${entry.name}`}
      data={courseRoleOptions}
      value={setRole.isPending ? setRole.variables.role : entry.role}
      disabled={disabled || setRole.isPending}
      onChange={(e) => setRole.mutate({ courseId, userId: entry.userId, role: e.currentTarget.value as CourseRole })}
      size="xs"
      w={140}
    />
  );
}
