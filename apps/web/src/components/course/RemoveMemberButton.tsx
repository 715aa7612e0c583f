import { ConfirmButton } from "@codeclass/ui";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { RosterEntry } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

export interface RemoveMemberButtonProps {
  courseId: string;
  courseCode: string;
  entry: RosterEntry;
  /** True when the row is the reader's own: removing yourself takes you out of the course. */
  isSelf: boolean;
  disabled: boolean;
}

/** "Remove", confirmed in a dialog, for one roster row. */
export function RemoveMemberButton({ courseId, courseCode, entry, isSelf, disabled }: RemoveMemberButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation(trpc.enrollment.remove.mutationOptions());

  const confirm = async () => {
    try {
      await remove.mutateAsync({ courseId, userId: entry.userId });
    } catch (error) {
      notifications.show({ color: "red", title: `Could not remove ${entry.name}`, message: errorMessage(error) });
      throw error;
    }
    notifications.show({ color: "green", message: `${entry.name} is removed from ${courseCode}.` });
    if (isSelf) {
      await queryClient.invalidateQueries(trpc.course.listMine.queryFilter());
      await navigate("/");
      return;
    }
    await queryClient.invalidateQueries(trpc.enrollment.roster.queryFilter({ courseId }));
  };

  return (
    <ConfirmButton
      variant="subtle"
      size="xs"
      aria-label={`Remove ${entry.name}`}
      disabled={disabled}
      title={isSelf ? `Leave ${courseCode}?` : `Remove ${entry.name}?`}
      message={
        isSelf
          ? `You will lose access to ${courseCode} until someone enrolls you again.`
          : `${entry.name} (${entry.email}) will lose access to ${courseCode}. You can enroll them again later.`
      }
      confirmLabel={isSelf ? "Leave course" : "Remove"}
      onConfirm={confirm}
    >
      Remove
    </ConfirmButton>
  );
}
