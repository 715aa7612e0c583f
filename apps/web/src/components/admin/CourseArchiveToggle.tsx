import { ConfirmButton } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { AdminCourseRow } from "./adminTypes.ts";

/** Archive (confirmed first) or restore one course of the admin's list, with course.archive (admins may manage any course). */
export function CourseArchiveToggle({ course }: { course: AdminCourseRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.course.archive.mutationOptions({
      onSuccess: async (updated) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.admin.courses.pathFilter()),
          queryClient.invalidateQueries(trpc.course.pathFilter()),
        ]);
        notifications.show({
          color: "green",
          message: updated.archivedAt ? `${updated.code} is archived.` : `${updated.code} is restored.`,
        });
      },
      onError: (error) => notifications.show({ color: "red", title: `Could not change ${course.code}`, message: errorMessage(error) }),
    }),
  );
  if (course.archivedAt) {
    return (
      <Button
        size="xs"
        variant="default"
        loading={archive.isPending}
        aria-label={`Restore ${course.code}`}
        onClick={() => archive.mutate({ courseId: course.id, archived: false })}
      >
        Restore
      </Button>
    );
  }
  return (
    <ConfirmButton
      size="xs"
      variant="default"
      color="red"
      aria-label={`Archive ${course.code}`}
      title={`Archive ${course.code}?`}
      message="Archived courses are hidden from their members' My courses and their roster can no longer change. You can restore the course at any time."
      confirmLabel="Archive course"
      onConfirm={() => archive.mutateAsync({ courseId: course.id, archived: true })}
    >
      Archive
    </ConfirmButton>
  );
}
