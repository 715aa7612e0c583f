import type { AppRouter } from "@codeclass/api";
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { type inferOutput, type TRPCOptionsProxy, useSubscription } from "@trpc/tanstack-react-query";
import { useId, useMemo, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { CodePollBody, NewCodePoll } from "./CodePoll.tsx";
import { QuestionBank } from "./QuestionBank.tsx";
import type { SessionDetail } from "./types.ts";

/** A poll as `polls.list` and `polls.events` carry it. */
type Poll = inferOutput<TRPCOptionsProxy<AppRouter>["polls"]["list"]>[number];
type Kind = Poll["kind"];

const kindLabel: Record<Kind, string> = { single: "Single choice", multiple: "Multiple choice", short: "Short answer", code: "Code" };

/**
 * Polls of a session: staff ask (single choice, multiple choice, short answer), watch the
 * answers come in, close and reveal; students answer and see the results once revealed.
 * Live through `polls.events`, which resumes after a reconnect.
 */
export function PollsPanel({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const headingId = useId();
  const sessionId = session.id;
  const [polls, setPolls] = useState<Map<string, Poll>>(new Map());
  const merge = (poll: Poll) => setPolls((m) => new Map(m).set(poll.id, poll));
  useSubscription(trpc.polls.events.subscriptionOptions({ sessionId }, { onData: ({ data }) => merge(data) }));
  const newestFirst = useMemo(() => [...polls.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()), [polls]);
  const open = session.status !== "ended";

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5" id={headingId}>
            Polls
          </Title>
          {session.staff && open && <QuestionBank courseId={session.course.id} sessionId={sessionId} onLaunched={merge} />}
        </Group>
        {session.staff && open && <NewPoll sessionId={sessionId} onCreated={merge} />}
        {newestFirst.length === 0 ? (
          <Text size="sm" c="dimmed">
            {session.staff ? "No polls yet. Ask one above; answers appear here as they come in." : "No polls yet."}
          </Text>
        ) : (
          newestFirst.map((poll) => <PollCard key={poll.id} poll={poll} staff={session.staff} onChange={merge} />)
        )}
      </Stack>
    </Paper>
  );
}

function NewPoll({ sessionId, onCreated }: { sessionId: string; onCreated: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("single");
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState(["", ""]);
  const [correct, setCorrect] = useState<number[]>([]);
  const create = useMutation(
    trpc.polls.create.mutationOptions({
      onSuccess: (poll) => {
        onCreated(poll);
        setQuestion("");
        setOptions(["", ""]);
        setCorrect([]);
      },
      onError: (error) => notifications.show({ color: "red", title: "Could not ask the poll", message: errorMessage(error) }),
    }),
  );
  const toggleCorrect = (i: number, on: boolean) =>
    setCorrect((c) => (kind === "single" ? (on ? [i] : []) : on ? [...c, i] : c.filter((x) => x !== i)));
  const removeOption = (i: number) => {
    setOptions((o) => o.filter((_, j) => j !== i));
    setCorrect((c) => c.filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)));
  };

  const kindPicker = (
    <SegmentedControl
      size="xs"
      value={kind}
      onChange={(v) => {
        setKind(v as Kind);
        setCorrect([]);
      }}
      data={(Object.keys(kindLabel) as Kind[]).map((k) => ({ value: k, label: kindLabel[k] }))}
      aria-label="Kind of poll"
    />
  );
  if (kind === "code")
    return (
      <Stack gap="xs">
        {kindPicker}
        <NewCodePoll sessionId={sessionId} onCreated={onCreated} />
      </Stack>
    );
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(kind === "short" ? { sessionId, kind, question } : { sessionId, kind, question, options, correct });
      }}
    >
      {kindPicker}
      <Textarea
        label="Question"
        value={question}
        onChange={(e) => setQuestion(e.currentTarget.value)}
        maxLength={500}
        autosize
        minRows={1}
        required
      />
      {kind !== "short" && (
        <Stack gap={4}>
          {options.map((option, i) => (
            <Group key={i} gap="xs" wrap="nowrap">
              <TextInput
                flex={1}
                size="xs"
                value={option}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setOptions((o) => o.map((x, j) => (j === i ? value : x)));
                }}
                maxLength={200}
                aria-label={`Option ${i + 1}`}
                placeholder={`Option ${i + 1}`}
              />
              <Checkbox
                size="xs"
                label="Correct"
                checked={correct.includes(i)}
                onChange={(e) => toggleCorrect(i, e.currentTarget.checked)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={options.length <= 2}
                onClick={() => removeOption(i)}
                aria-label={`Remove option ${i + 1}`}
              >
                ✕
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button size="compact-xs" variant="default" disabled={options.length >= 10} onClick={() => setOptions((o) => [...o, ""])}>
              Add option
            </Button>
          </Group>
        </Stack>
      )}
      <Group justify="flex-end">
        <Button type="submit" size="xs" loading={create.isPending}>
          Ask
        </Button>
      </Group>
    </Stack>
  );
}

function PollCard({ poll, staff, onChange }: { poll: Poll; staff: boolean; onChange: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const onError = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });
  const close = useMutation(trpc.polls.close.mutationOptions({ onSuccess: onChange, onError: onError("Could not close the poll") }));
  const reveal = useMutation(trpc.polls.reveal.mutationOptions({ onSuccess: onChange, onError: onError("Could not reveal the results") }));
  const saveToBank = useMutation(
    trpc.pollBank.save.mutationOptions({
      onSuccess: () => notifications.show({ color: "green", message: "Saved to the course's question bank" }),
      onError: onError("Could not save to the bank"),
    }),
  );
  const results = poll.results;

  return (
    <Paper withBorder p="xs" component="article" aria-label={poll.question}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={500} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {poll.question}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Badge variant="light" color="gray">
              {kindLabel[poll.kind]}
            </Badge>
            <Badge variant="light" color={poll.status === "open" ? "green" : "gray"}>
              {poll.status === "open" ? "Open" : poll.resultsRevealed ? "Revealed" : "Closed"}
            </Badge>
          </Group>
        </Group>
        {poll.code ? <CodePollBody poll={poll} code={poll.code} staff={staff} onChange={onChange} /> : null}
        {!poll.code && !staff && poll.status === "open" && <AnswerForm poll={poll} onAnswered={onChange} />}
        {!poll.code && !staff && poll.mine && (
          <Text size="sm" c="dimmed">
            Your answer: {"text" in poll.mine ? poll.mine.text : poll.mine.options.map((i) => poll.options[i]).join(", ")}
          </Text>
        )}
        {poll.code ? null : results ? (
          <Results poll={poll} results={results} />
        ) : (
          !staff && (
            <Text size="sm" c="dimmed">
              Results appear here when staff reveal them.
            </Text>
          )
        )}
        {staff && (
          <Group justify="flex-end" gap="xs">
            <Button
              size="compact-xs"
              variant="subtle"
              loading={saveToBank.isPending}
              onClick={() => saveToBank.mutate({ pollId: poll.id })}
            >
              Save to bank
            </Button>
            {poll.status === "open" && (
              <Button size="compact-xs" variant="default" loading={close.isPending} onClick={() => close.mutate({ pollId: poll.id })}>
                Close
              </Button>
            )}
            {!poll.resultsRevealed && (
              <Button size="compact-xs" loading={reveal.isPending} onClick={() => reveal.mutate({ pollId: poll.id })}>
                Reveal results
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function Results({ poll, results }: { poll: Poll; results: NonNullable<Poll["results"]> }) {
  const answered = `${results.respondents} ${results.respondents === 1 ? "answer" : "answers"}`;
  if (poll.kind === "short")
    return (
      <Stack gap={2}>
        <Text size="xs" c="dimmed" role="status">
          {answered}
        </Text>
        {(results.answers ?? []).map((a, i) => (
          <Text key={i} size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {a.name ? <strong>{a.name}: </strong> : null}
            {a.text}
          </Text>
        ))}
      </Stack>
    );
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" role="status">
        {answered}
      </Text>
      {poll.options.map((option, i) => {
        const n = results.counts[i] ?? 0;
        const percent = results.respondents === 0 ? 0 : Math.round((n / results.respondents) * 100);
        const right = poll.correct?.includes(i) ?? false;
        return (
          <div key={i}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={right ? 600 : undefined}>
                {right ? "✓ " : ""}
                {option}
              </Text>
              <Text size="xs" c="dimmed">
                {n} ({percent} %)
              </Text>
            </Group>
            <Progress value={percent} color={right ? "green" : "blue"} aria-label={`${option}: ${n} of ${results.respondents}`} />
          </div>
        );
      })}
    </Stack>
  );
}

function AnswerForm({ poll, onAnswered }: { poll: Poll; onAnswered: (poll: Poll) => void }) {
  const trpc = useTRPC();
  const mine = poll.mine;
  const [choice, setChoice] = useState<string>(mine && "options" in mine ? String(mine.options[0] ?? "") : "");
  const [choices, setChoices] = useState<string[]>(mine && "options" in mine ? mine.options.map(String) : []);
  const [text, setText] = useState(mine && "text" in mine ? mine.text : "");
  const answer = useMutation(
    trpc.polls.answer.mutationOptions({
      onSuccess: onAnswered,
      onError: (error) => notifications.show({ color: "red", title: "Could not send the answer", message: errorMessage(error) }),
    }),
  );
  const submit = () => {
    if (poll.kind === "short") answer.mutate({ pollId: poll.id, text });
    else if (poll.kind === "single") answer.mutate({ pollId: poll.id, options: choice === "" ? [] : [Number(choice)] });
    else answer.mutate({ pollId: poll.id, options: choices.map(Number) });
  };
  const empty = poll.kind === "short" ? text.trim() === "" : poll.kind === "single" ? choice === "" : choices.length === 0;

  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {poll.kind === "single" && (
        <Radio.Group value={choice} onChange={setChoice} aria-label={poll.question}>
          <Stack gap={4}>
            {poll.options.map((option, i) => (
              <Radio key={i} value={String(i)} label={option} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {poll.kind === "multiple" && (
        <Checkbox.Group value={choices} onChange={setChoices} aria-label={poll.question}>
          <Stack gap={4}>
            {poll.options.map((option, i) => (
              <Checkbox key={i} value={String(i)} label={option} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      {poll.kind === "short" && (
        <Textarea label="Your answer" value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={500} autosize minRows={1} />
      )}
      <Group justify="flex-end">
        <Button type="submit" size="xs" disabled={empty} loading={answer.isPending}>
          {mine ? "Change answer" : "Send answer"}
        </Button>
      </Group>
    </Stack>
  );
}
