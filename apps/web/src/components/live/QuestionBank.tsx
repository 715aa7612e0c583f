import type { AppRouter } from "@codeclass/api";
import { Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

type Question = inferOutput<TRPCOptionsProxy<AppRouter>["pollBank"]["list"]>[number];
type Poll = inferOutput<TRPCOptionsProxy<AppRouter>["polls"]["list"]>[number];

const kindLabel: Record<Question["kind"], string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  short: "Short answer",
  code: "Code",
};

/** The course's question bank for staff: search, ask a question in this session, edit its text, delete it. */
export function QuestionBank({
  courseId,
  sessionId,
  onLaunched,
}: {
  courseId: string;
  sessionId: string;
  onLaunched: (poll: Poll) => void;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size="compact-xs" variant="default" onClick={() => setOpened(true)}>
        Question bank
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Question bank" size="lg">
        {opened ? <BankList courseId={courseId} sessionId={sessionId} onLaunched={onLaunched} /> : null}
      </Modal>
    </>
  );
}

function BankList({ courseId, sessionId, onLaunched }: { courseId: string; sessionId: string; onLaunched: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const list = useQuery(trpc.pollBank.list.queryOptions({ courseId, search: search.trim() || undefined }));
  return (
    <Stack gap="sm">
      <TextInput
        label="Search"
        placeholder="Words of the question or an option"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maxLength={200}
      />
      {list.isError ? (
        <Text c="red" size="sm" role="alert">
          {errorMessage(list.error)}
        </Text>
      ) : list.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          No questions{search ? " match" : " yet: save a poll's question with “Save to bank”"}.
        </Text>
      ) : (
        (list.data ?? []).map((q) => <BankItem key={q.id} question={q} sessionId={sessionId} onLaunched={onLaunched} />)
      )}
    </Stack>
  );
}

function BankItem({ question, sessionId, onLaunched }: { question: Question; sessionId: string; onLaunched: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(question.question);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.pollBank.list.pathKey() });
  const onError = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });
  const launch = useMutation(
    trpc.pollBank.launch.mutationOptions({
      onSuccess: (poll) => {
        onLaunched(poll);
        notifications.show({ color: "green", message: "Asked in this session" });
      },
      onError: onError("Could not ask the question"),
    }),
  );
  const update = useMutation(
    trpc.pollBank.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void refresh();
      },
      onError: onError("Could not save the question"),
    }),
  );
  const remove = useMutation(
    trpc.pollBank.remove.mutationOptions({ onSuccess: refresh, onError: onError("Could not delete the question") }),
  );
  const save = () =>
    update.mutate({
      questionId: question.id,
      question: text,
      ...(question.kind === "code"
        ? { code: question.code as never }
        : question.kind === "short"
          ? {}
          : { options: question.options, correct: question.correct ?? [] }),
    });

  return (
    <Paper withBorder p="xs" component="article" aria-label={question.question}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          {editing ? (
            <Textarea
              flex={1}
              label="Question"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              maxLength={500}
              autosize
              minRows={1}
            />
          ) : (
            <Text fw={500} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {question.question}
            </Text>
          )}
          <Badge variant="light" color="gray">
            {kindLabel[question.kind]}
          </Badge>
        </Group>
        {question.options.length > 0 && (
          <Text size="xs" c="dimmed">
            {question.options.map((o, i) => `${question.correct?.includes(i) ? "✓ " : ""}${o}`).join(" · ")}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          {editing ? (
            <>
              <Button size="compact-xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button size="compact-xs" loading={update.isPending} onClick={save}>
                Save
              </Button>
            </>
          ) : (
            <>
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate({ questionId: question.id })}
              >
                Delete
              </Button>
              <Button size="compact-xs" variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button size="compact-xs" loading={launch.isPending} onClick={() => launch.mutate({ questionId: question.id, sessionId })}>
                Ask now
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
