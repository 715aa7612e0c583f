import type { AppRouter } from "@codeclass/api";
import { ActionIcon, Badge, Button, Code, Group, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

type Poll = inferOutput<TRPCOptionsProxy<AppRouter>["polls"]["list"]>[number];
type CodePart = NonNullable<Poll["code"]>;

/** Staff ask a code question: the question, the language, an optional starter and the tests (stdin, expected output). */
export function NewCodePoll({ sessionId, onCreated }: { sessionId: string; onCreated: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const languages = useQuery(trpc.run.languages.queryOptions());
  const [question, setQuestion] = useState("");
  const [language, setLanguage] = useState<string | null>("python");
  const [starter, setStarter] = useState("");
  const [tests, setTests] = useState([{ stdin: "", expected: "" }]);
  const create = useMutation(
    trpc.pollCode.create.mutationOptions({
      onSuccess: (poll) => {
        onCreated(poll);
        setQuestion("");
        setStarter("");
        setTests([{ stdin: "", expected: "" }]);
      },
      onError: (error) => notifications.show({ color: "red", title: "Could not ask the code question", message: errorMessage(error) }),
    }),
  );
  const setTest = (i: number, key: "stdin" | "expected", value: string) =>
    setTests((t) => t.map((x, j) => (j === i ? { ...x, [key]: value } : x)));

  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ sessionId, question, code: { language: (language ?? "python") as "python", starter, tests } });
      }}
    >
      <Textarea
        label="Question"
        value={question}
        onChange={(e) => setQuestion(e.currentTarget.value)}
        maxLength={500}
        autosize
        minRows={1}
        required
      />
      <Select
        label="Language"
        data={(languages.data?.languages ?? []).map((l) => ({ value: l.id, label: l.name }))}
        value={language}
        onChange={setLanguage}
        allowDeselect={false}
        required
      />
      <Textarea
        label="Starter (optional)"
        description="Shown to students; they answer with a file of their workspace."
        value={starter}
        onChange={(e) => setStarter(e.currentTarget.value)}
        autosize
        minRows={2}
        styles={{ input: { fontFamily: "monospace" } }}
      />
      <Text size="sm" fw={500}>
        Tests (output compared ignoring trailing spaces and final newlines)
      </Text>
      {tests.map((test, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <Textarea
            flex={1}
            size="xs"
            label={`Test ${i + 1} input`}
            value={test.stdin}
            onChange={(e) => setTest(i, "stdin", e.currentTarget.value)}
            autosize
            minRows={1}
            styles={{ input: { fontFamily: "monospace" } }}
          />
          <Textarea
            flex={1}
            size="xs"
            label={`Test ${i + 1} expected output`}
            value={test.expected}
            onChange={(e) => setTest(i, "expected", e.currentTarget.value)}
            autosize
            minRows={1}
            styles={{ input: { fontFamily: "monospace" } }}
          />
          <ActionIcon
            mt={22}
            variant="subtle"
            color="gray"
            disabled={tests.length <= 1}
            onClick={() => setTests((t) => t.filter((_, j) => j !== i))}
            aria-label={`Remove test ${i + 1}`}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          size="compact-xs"
          variant="default"
          disabled={tests.length >= 20}
          onClick={() => setTests((t) => [...t, { stdin: "", expected: "" }])}
        >
          Add test
        </Button>
        <Button type="submit" size="xs" loading={create.isPending}>
          Ask
        </Button>
      </Group>
    </Stack>
  );
}

/** A code question's body: the starter and tests (when shown), the class's counts (staff, or after the reveal), the reader's own verdict. */
export function CodePollBody({
  poll,
  code,
  staff,
  onChange,
}: {
  poll: Poll;
  code: CodePart;
  staff: boolean;
  onChange: (poll: Poll) => void;
}) {
  return (
    <Stack gap={6}>
      <Text size="xs" c="dimmed">
        {code.language} · {code.testCount} {code.testCount === 1 ? "test" : "tests"}
      </Text>
      {code.starter ? (
        <Code block aria-label="Starter code">
          {code.starter}
        </Code>
      ) : null}
      {code.tests ? (
        <Stack gap={2}>
          {code.tests.map((t, i) => (
            <Text key={i} size="xs" ff="monospace" style={{ whiteSpace: "pre-wrap" }}>
              Test {i + 1}: input {JSON.stringify(t.stdin)} → {JSON.stringify(t.expected)}
            </Text>
          ))}
        </Stack>
      ) : null}
      {code.results ? <CodeResults results={code.results} /> : null}
      {!staff && poll.status === "open" && <CodeAnswerForm poll={poll} onAnswered={onChange} />}
      {!staff && code.mine && <MyVerdict poll={poll} mine={code.mine} onChange={onChange} />}
    </Stack>
  );
}

function CodeResults({ results }: { results: NonNullable<CodePart["results"]> }) {
  return (
    <Group gap="xs" role="status" aria-label="Results of the code question">
      <Badge color="green" variant="light">
        All passed: {results.allPassed}
      </Badge>
      <Badge color="yellow" variant="light">
        Some: {results.some}
      </Badge>
      <Badge color="red" variant="light">
        None: {results.none}
      </Badge>
      <Badge color="gray" variant="light">
        Running: {results.pending}
      </Badge>
    </Group>
  );
}

/** The reader's own verdict; while the tests run, re-reads the session's polls every second (students follow only poll state changes). */
function MyVerdict({ poll, mine, onChange }: { poll: Poll; mine: NonNullable<CodePart["mine"]>; onChange: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.polls.list.queryOptions({ sessionId: poll.sessionId }), enabled: mine.pending, refetchInterval: 1000 });
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    const fresh = list.data?.find((p) => p.id === poll.id);
    if (fresh) onChangeRef.current(fresh);
  }, [list.data, poll.id]);
  return (
    <Text size="sm" role="status">
      Your answer ({mine.path}):{" "}
      {mine.pending ? "running the tests…" : `${mine.passed} of ${mine.total} tests passed${mine.passed === mine.total ? " ✓" : ""}`}
    </Text>
  );
}

function CodeAnswerForm({ poll, onAnswered }: { poll: Poll; onAnswered: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const files = useQuery(trpc.pollCode.myFiles.queryOptions({ pollId: poll.id }));
  const [path, setPath] = useState<string | null>(null);
  const runnable = (files.data?.files ?? []).filter((f) => f.runnable);
  const chosen = path ?? poll.code?.mine?.path ?? runnable.find((f) => f.path === files.data?.entry)?.path ?? runnable[0]?.path ?? null;
  const answer = useMutation(
    trpc.pollCode.answer.mutationOptions({
      onSuccess: onAnswered,
      onError: (error) => notifications.show({ color: "red", title: "Could not send the answer", message: errorMessage(error) }),
    }),
  );
  if (files.data && !files.data.workspaceId)
    return (
      <Text size="sm" c="dimmed">
        Open your workspace of this course once, write your program there, then answer with its file.
      </Text>
    );
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (files.data?.workspaceId && chosen) answer.mutate({ pollId: poll.id, workspaceId: files.data.workspaceId, path: chosen });
      }}
    >
      <Select
        label="File of your workspace"
        description="Its saved content is run against the tests."
        data={(files.data?.files ?? []).map((f) => ({ value: f.path, label: f.path, disabled: !f.runnable }))}
        value={chosen}
        onChange={setPath}
        allowDeselect={false}
        disabled={files.isPending}
      />
      <Group justify="flex-end">
        <Button type="submit" size="xs" disabled={!chosen} loading={answer.isPending}>
          {poll.code?.mine ? "Answer again" : "Send answer"}
        </Button>
      </Group>
    </Stack>
  );
}
