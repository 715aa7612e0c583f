import { FormError } from "@codeclass/ui";
import { Button, Modal, MultiSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

const languageOptions = [
  { value: "python", label: "Python" },
  { value: "c", label: "C" },
  { value: "cpp", label: "C++" },
  { value: "java", label: "Java" },
  { value: "javascript", label: "JavaScript" },
  { value: "typescript", label: "TypeScript" },
  { value: "go", label: "Go" },
];

/** Staff: a new assignment (title, languages, due date, statement); its starter is the course template. Opens it once made. */
export function NewAssignmentButton({ courseId }: { courseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const [title, setTitle] = useState("");
  const [languages, setLanguages] = useState<string[]>(["python"]);
  const [due, setDue] = useState("");
  const [statement, setStatement] = useState("");
  const create = useMutation(
    trpc.assignment.create.mutationOptions({
      onSuccess: async (made) => {
        await queryClient.invalidateQueries({ queryKey: trpc.assignment.list.queryKey({ courseId }) });
        close();
        void navigate(`/courses/${courseId}/assignments/${made.id}`);
      },
    }),
  );
  return (
    <>
      <Button onClick={open}>New assignment</Button>
      <Modal opened={opened} onClose={close} title="New assignment" size="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ courseId, title, languages, statement, dueAt: due ? new Date(due) : null });
          }}
        >
          <Stack>
            <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} />
            <MultiSelect label="Languages" required data={languageOptions} value={languages} onChange={setLanguages} />
            <TextInput
              label="Due"
              type="datetime-local"
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              description="Leave empty for no due date"
            />
            <Textarea
              label="Statement (Markdown)"
              autosize
              minRows={4}
              value={statement}
              onChange={(e) => setStatement(e.currentTarget.value)}
            />
            <FormError message={create.error ? errorMessage(create.error) : null} />
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
