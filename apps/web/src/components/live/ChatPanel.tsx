import { ConfirmButton } from "@codeclass/ui";
import { Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Switch, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { authClient } from "../../auth.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { ChatText } from "./ChatText.tsx";
import type { ChatMessage, SessionDetail } from "./types.ts";

/** The server's limit (validators' chatLimits.body), checked here too so the reader knows before sending. */
const bodyLimit = 2000;
const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** Adds or replaces messages by id; a later change (a deletion) wins over an earlier one. */
function merge(into: Map<number, ChatMessage>, messages: ChatMessage[]): Map<number, ChatMessage> {
  const next = new Map(into);
  for (const m of messages) {
    const had = next.get(m.id);
    if (!had || had.seq <= m.seq) next.set(m.id, m);
  }
  return next;
}

/**
 * A session's chat: the history on opening, then live messages and deletions (resumed after a
 * reconnect without gaps or repeats); Enter sends; students may write privately to staff; staff
 * delete messages. Messages are plain text with http(s) links.
 */
export function ChatPanel({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessionId = session.id;
  const headingId = useId();
  const history = useQuery({
    ...trpc.chat.history.queryOptions({ sessionId }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const [messages, setMessages] = useState<Map<number, ChatMessage>>(new Map());
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [unread, setUnread] = useState(0);
  const [reconnecting, setReconnecting] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // Ids already shown: a message counts as unread once, when it first arrives.
  const known = useRef(new Set<number>());
  const me = authClient.useSession();

  useEffect(() => {
    if (!history.data) return;
    for (const m of history.data.messages) known.current.add(m.id);
    setMessages((m) => merge(m, history.data.messages));
    setHasOlder(history.data.hasMore);
  }, [history.data]);

  const scrollToEnd = useCallback(() => {
    const el = viewport.current;
    if (el) el.scrollTo({ top: el.scrollHeight });
    setUnread(0);
  }, []);

  useSubscription(
    trpc.chat.events.subscriptionOptions(history.data ? { sessionId, lastEventId: history.data.cursor } : skipToken, {
      onData: ({ data }) => {
        const isNew = !known.current.has(data.id);
        known.current.add(data.id);
        const fromOthers = data.author.id !== me.data?.user.id;
        if (isNew && fromOthers && !data.deleted && (!atBottom.current || document.hidden)) setUnread((n) => n + 1);
        setMessages((m) => merge(m, [data]));
      },
      onConnectionStateChange: (state) => setReconnecting(state.state === "connecting" && state.error !== null),
    }),
  );

  const ordered = useMemo(() => [...messages.values()].sort((a, b) => a.id - b.id), [messages]);

  // New messages keep the view at the end while the reader is there.
  useEffect(() => {
    if (atBottom.current && !document.hidden) scrollToEnd();
  }, [ordered.length, scrollToEnd]);

  useEffect(() => {
    const seen = () => {
      if (!document.hidden && atBottom.current) setUnread(0);
    };
    document.addEventListener("visibilitychange", seen);
    return () => document.removeEventListener("visibilitychange", seen);
  }, []);

  const loadOlder = async () => {
    const first = ordered[0];
    if (!first) return;
    setLoadingOlder(true);
    try {
      const page = await queryClient.fetchQuery(trpc.chat.history.queryOptions({ sessionId, before: first.id }));
      for (const m of page.messages) known.current.add(m.id);
      setMessages((m) => merge(m, page.messages));
      setHasOlder(page.hasMore);
    } catch (error) {
      notifications.show({ color: "red", title: "Could not load earlier messages", message: errorMessage(error) });
    } finally {
      setLoadingOlder(false);
    }
  };

  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: (m) => setMessages((all) => merge(all, [m])),
      onError: (error) => notifications.show({ color: "red", title: "Could not delete the message", message: errorMessage(error) }),
    }),
  );

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id={headingId}>
            Chat
          </Title>
          {unread > 0 ? (
            <Badge color="blue" aria-live="polite">
              {unread} unread
            </Badge>
          ) : null}
        </Group>
        {reconnecting ? (
          <Text size="sm" c="orange" role="status">
            Reconnecting… messages sent meanwhile will appear when the connection is back.
          </Text>
        ) : null}
        {history.isError ? (
          <Alert color="red" title="Could not load the chat">
            {errorMessage(history.error)}{" "}
            <Button variant="subtle" size="compact-sm" onClick={() => void history.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : null}
        <ScrollArea
          h={320}
          viewportRef={viewport}
          onScrollPositionChange={({ y }) => {
            const el = viewport.current;
            atBottom.current = !el || el.scrollHeight - el.clientHeight - y < 24;
            if (atBottom.current) setUnread(0);
          }}
        >
          <Stack gap={6} role="log" aria-label="Chat messages" aria-live="polite" aria-relevant="additions">
            {hasOlder ? (
              <Button variant="subtle" size="compact-sm" onClick={() => void loadOlder()} loading={loadingOlder}>
                Show earlier messages
              </Button>
            ) : null}
            {history.isPending ? <Text c="dimmed">Loading messages…</Text> : null}
            {history.data && ordered.length === 0 ? (
              <Text c="dimmed" size="sm">
                No messages yet. Say hello, or ask a question.
              </Text>
            ) : null}
            {ordered.map((m) => (
              <MessageRow
                key={m.id}
                message={m}
                canDelete={session.staff}
                onDelete={() => remove.mutateAsync({ sessionId, messageId: m.id })}
              />
            ))}
          </Stack>
        </ScrollArea>
        {unread > 0 ? (
          <Button variant="light" size="compact-sm" onClick={scrollToEnd}>
            Show {unread} new message{unread === 1 ? "" : "s"}
          </Button>
        ) : null}
        {session.status === "ended" ? (
          <Text size="sm" c="dimmed">
            The chat is closed now that the session is over; its messages stay here to read.
          </Text>
        ) : (
          <Composer
            sessionId={sessionId}
            staff={session.staff}
            onSent={(m) => {
              known.current.add(m.id);
              setMessages((all) => merge(all, [m]));
              atBottom.current = true;
              scrollToEnd();
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function MessageRow({ message: m, canDelete, onDelete }: { message: ChatMessage; canDelete: boolean; onDelete: () => Promise<unknown> }) {
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600}>
          {m.author.name}
        </Text>
        <Text size="xs" c="dimmed">
          <time dateTime={m.createdAt.toISOString()}>{time.format(m.createdAt)}</time>
        </Text>
        {m.toStaff ? (
          <Badge size="xs" color="grape" variant="light">
            to staff only
          </Badge>
        ) : null}
        {canDelete && !m.deleted ? (
          <ConfirmButton
            size="compact-xs"
            variant="subtle"
            aria-label={`Delete the message from ${m.author.name}`}
            title="Delete this message?"
            message={`Everyone will see "message deleted by staff" in its place. The message from ${m.author.name} cannot be restored.`}
            onConfirm={onDelete}
          >
            Delete
          </ConfirmButton>
        ) : null}
      </Group>
      {m.deleted || m.body === null ? (
        <Text size="sm" c="dimmed" fs="italic">
          Message deleted by staff
        </Text>
      ) : (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          <ChatText text={m.body} />
        </Text>
      )}
    </Stack>
  );
}

function Composer({ sessionId, staff, onSent }: { sessionId: string; staff: boolean; onSent: (m: ChatMessage) => void }) {
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const [toStaff, setToStaff] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation(trpc.chat.send.mutationOptions());
  const tooLong = body.length > bodyLimit;

  const submit = () => {
    if (send.isPending) return;
    if (body.trim() === "") return setError("Type a message first.");
    if (tooLong) return setError(`The message is ${body.length} characters; the limit is ${bodyLimit}. Shorten it to send.`);
    setError(null);
    send.mutate(
      { sessionId, body, toStaff: !staff && toStaff },
      {
        onSuccess: (m) => {
          setBody("");
          onSent(m);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <Stack gap={6}>
      <Textarea
        label="Message"
        description={`Enter sends, Shift+Enter starts a new line${body.length > bodyLimit - 200 ? ` · ${body.length}/${bodyLimit} characters` : ""}`}
        placeholder={toStaff ? "Only the course's staff will see this" : "Write to everyone in the session"}
        autosize
        minRows={1}
        maxRows={5}
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        error={error ?? (tooLong ? `Too long: ${body.length} characters; the limit is ${bodyLimit}.` : undefined)}
      />
      <Group justify="space-between">
        {staff ? (
          <span />
        ) : (
          <Switch
            label="Private to staff"
            description="Only you and the course's staff see it"
            checked={toStaff}
            onChange={(e) => setToStaff(e.currentTarget.checked)}
          />
        )}
        <Button onClick={submit} loading={send.isPending} disabled={tooLong}>
          Send
        </Button>
      </Group>
    </Stack>
  );
}
