import { ConfirmButton } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Course } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

/** "Archive course" (confirmed first) or, on an archived course, "Restore course". */
export function ArchiveCourseButton({ course }: { course: Course }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.course.archive.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries(trpc.course.pathFilter());
        notifications.show({
          color: "green",
          message: updated.archivedAt ? `${updated.code} is archived.` : `${updated.code} is restored.`,
        });
      },
      onError: (error) => {
        notifications.show({ color: "red", title: "Could not change the course", message: errorMessage(error) });
      },
    }),
  );

  if (course.archivedAt) {
    return (
      <Button variant="default" loading={archive.isPending} onClick={() => archive.mutate({ courseId: course.id, archived: false })}>
        Restore course
      </Button>
    );
  }
  return (
    <ConfirmButton
      variant="default"
      color="red"
      title={`Archive ${course.code}?`}
      message="Archived courses are hidden from My courses and their roster can no longer change. You can restore the course at any time."
      confirmLabel="Archive course"
      onConfirm={() => archive.mutateAsync({ courseId: course.id, archived: true })}
    >
      Archive course
    </ConfirmButton>
  );
}
