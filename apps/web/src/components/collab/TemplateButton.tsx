import { ConfirmButton } from "@codeclass/ui";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

/** Staff: make this workspace's files and language the starting point of new student workspaces. */
export function TemplateButton({ courseId, workspaceId }: { courseId: string; workspaceId: string }) {
  const trpc = useTRPC();
  const setTemplate = useMutation(trpc.workspace.setTemplate.mutationOptions());
  return (
    <ConfirmButton
      size="xs"
      variant="default"
      color="blue"
      title="Use as the course template?"
      message="Students who open their workspace for the first time from now on start with these files and this language. Existing student workspaces do not change."
      confirmLabel="Use as template"
      onConfirm={() =>
        setTemplate.mutateAsync({ courseId, workspaceId }).then(
          () => notifications.show({ color: "green", title: "Template saved", message: "New student workspaces start from these files." }),
          (error: unknown) => {
            notifications.show({ color: "red", title: "Could not save the template", message: errorMessage(error) });
            throw error;
          },
        )
      }
    >
      Use as template
    </ConfirmButton>
  );
}
