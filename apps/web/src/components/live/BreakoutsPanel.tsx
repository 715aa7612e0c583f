import type { BreakoutMethod } from "@codeclass/validators";
import { Alert, Button, Group, List, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { useCollabConnections } from "../collab/useCollab.ts";
import { BreakoutCountdown } from "./BreakoutCountdown.tsx";
import { GroupPreview } from "./GroupPreview.tsx";
import { GroupWorkspace } from "./GroupWorkspace.tsx";
import type { BreakoutsView, SessionDetail } from "./types.ts";

type Open = NonNullable<BreakoutsView["breakout"]>;

interface BreakoutsPanelProps {
  session: SessionDetail;
  view: BreakoutsView | null;
  onView(view: BreakoutsView): void;
  /** Staff: the group whose video they visit (null: the main room). */
  visiting: string | null;
  onVisit(groupId: string | null): void;
}

/**
 * Breakout groups on the session page. Staff split the class, move students, broadcast, time and
 * recall, watch every group's workspace live and open or visit any group; a student sees their
 * group, its members, the timer, the broadcasts and the group's shared workspace.
 */
export function BreakoutsPanel({ session, view, onView, visiting, onVisit }: BreakoutsPanelProps) {
  const headingId = useId();
  if (session.status !== "live" || !view) return null;
  const open = view.breakout;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5" id={headingId}>
            {open ? `Breakout groups (${open.groupCount})` : "Breakout groups"}
          </Title>
          {open?.endsAt ? <BreakoutCountdown endsAt={open.endsAt} /> : null}
        </Group>
        {view.staff ? (
          open ? (
            <StaffBreakouts session={session} open={open} onView={onView} visiting={visiting} onVisit={onVisit} />
          ) : (
            <SplitForm sessionId={session.id} onView={onView} />
          )
        ) : open ? (
          <StudentBreakout session={session} open={open} />
        ) : (
          <Text size="sm" c="dimmed">
            No breakout groups now. When staff split the class, your group, its workspace and its video appear here.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

const failed = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });

const gradeText = (grade: number | null) => (grade === null ? "no grade yet" : `${Math.round(grade * 100)}%`);

function SplitForm({ sessionId, onView }: { sessionId: string; onView(view: BreakoutsView): void }) {
  const trpc = useTRPC();
  const [method, setMethod] = useState<BreakoutMethod>("random");
  const [groupCount, setGroupCount] = useState<number | string>(2);
  const [seed, setSeed] = useState("");
  const [minutes, setMinutes] = useState<number | string>("");
  /** By hand: the group staff chose per student (others keep their dealt group). */
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const create = useMutation(trpc.breakouts.create.mutationOptions({ onSuccess: onView }));
  const needsPool = method === "manual" || method === "mixed-grade";
  const pool = useQuery({ ...trpc.breakouts.pool.queryOptions({ sessionId }), enabled: needsPool });
  const n = Math.max(1, Math.min(50, Math.floor(Number(groupCount)) || 1));
  const students = pool.data?.students ?? [];
  // A student's group by hand: staff's choice while it is within the groups, else dealt round-robin.
  const groupOf = (userId: string, i: number) => {
    const c = chosen[userId];
    return c !== undefined && c <= n ? c : (i % n) + 1;
  };
  const graded = students.filter((s) => s.grade !== null).length;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({
          sessionId,
          method,
          groupCount: Number(groupCount),
          seed: method === "random" && seed.trim() ? seed.trim() : undefined,
          assignments: method === "manual" ? students.map((s, i) => ({ userId: s.userId, group: groupOf(s.userId, i) })) : undefined,
          minutes: minutes === "" ? undefined : Number(minutes),
        });
      }}
    >
      <Stack gap="xs">
        <Text size="sm">
          Split the students present in the video into groups, each with its own video room and a shared workspace. While nobody is in the
          video, every enrolled student is split.
        </Text>
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label="How"
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as BreakoutMethod)}
            data={[
              { value: "random", label: "At random" },
              { value: "round-robin", label: "Round-robin (by name)" },
              { value: "mixed-grade", label: "Mixed by grade" },
              { value: "manual", label: "By hand" },
            ]}
          />
          <NumberInput label="Groups" min={1} max={50} value={groupCount} onChange={setGroupCount} w={100} required />
          {method === "random" ? (
            <TextInput
              label="Seed (optional)"
              description="The same seed gives the same groups"
              value={seed}
              onChange={(e) => setSeed(e.currentTarget.value)}
              maxLength={100}
            />
          ) : null}
          <NumberInput label="Timer, minutes (optional)" min={1} max={180} value={minutes} onChange={setMinutes} w={180} />
          <Button type="submit" loading={create.isPending} disabled={method === "manual" && students.length === 0}>
            Split into groups
          </Button>
        </Group>
        {needsPool && pool.error ? (
          <Alert color="red" role="alert" title="Could not list the students">
            {errorMessage(pool.error)}
          </Alert>
        ) : null}
        {method === "mixed-grade" && pool.data ? (
          <Text size="sm" c="dimmed">
            Students ranked by their share of the course's points so far, dealt 1…{n} then {n}…1, so every group gets strong and weak
            students in turn. {graded} of {students.length} students have graded work; the others go last.
          </Text>
        ) : null}
        {method === "manual" && pool.data ? (
          students.length === 0 ? (
            <Text size="sm">The course has no students to split yet.</Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                {pool.data.present ? "The students present in the video" : "Every enrolled student (nobody is in the video yet)"}, dealt
                round-robin to start: choose each one's group.
              </Text>
              <Stack gap={4} component="ul" aria-label="Students and their groups" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {students.map((s, i) => (
                  <Group key={s.userId} component="li" gap="xs" justify="space-between" maw={480} wrap="nowrap">
                    <Text size="sm" truncate>
                      {s.name}{" "}
                      <Text span size="xs" c="dimmed">
                        ({gradeText(s.grade)})
                      </Text>
                    </Text>
                    <NativeSelect
                      size="xs"
                      aria-label={`Group for ${s.name}`}
                      value={String(groupOf(s.userId, i))}
                      data={Array.from({ length: n }, (_, g) => ({ value: String(g + 1), label: `Group ${g + 1}` }))}
                      onChange={(e) => setChosen((c) => ({ ...c, [s.userId]: Number(e.currentTarget.value) }))}
                    />
                  </Group>
                ))}
              </Stack>
            </>
          )
        ) : null}
        {create.error ? (
          <Alert color="red" role="alert" title="Could not split the class">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}

const methodText: Record<NonNullable<Open["method"]>, string> = {
  random: "at random",
  "round-robin": "round-robin by name",
  "mixed-grade": "mixed by grade",
  manual: "by hand",
};

interface StaffBreakoutsProps {
  session: SessionDetail;
  open: Open;
  onView(view: BreakoutsView): void;
  visiting: string | null;
  onVisit(groupId: string | null): void;
}

function StaffBreakouts({ session, open, onView, visiting, onVisit }: StaffBreakoutsProps) {
  const trpc = useTRPC();
  const sessionId = session.id;
  const [message, setMessage] = useState("");
  const [minutes, setMinutes] = useState<number | string>(5);
  const [opened, setOpened] = useState<string | null>(null);
  const move = useMutation(trpc.breakouts.move.mutationOptions({ onSuccess: onView, onError: failed("Could not move the student") }));
  const broadcast = useMutation(
    trpc.breakouts.broadcast.mutationOptions({
      onSuccess: (v) => {
        onView(v);
        setMessage("");
      },
      onError: failed("Could not send the message"),
    }),
  );
  const timer = useMutation(trpc.breakouts.setTimer.mutationOptions({ onSuccess: onView, onError: failed("Could not set the timer") }));
  const recall = useMutation(
    trpc.breakouts.recall.mutationOptions({
      onSuccess: (v) => {
        onView(v);
        onVisit(null);
      },
      onError: failed("Could not recall the groups"),
    }),
  );
  const names = useMemo(() => open.groups.map((g) => g.documentName), [open.groups]);
  // One socket, one provider per group: every group's workspace is watched live.
  const conns = useCollabConnections(names);
  const groupChoices = open.groups.map((g) => ({ value: String(g.number), label: `Group ${g.number}` }));
  const shown = open.groups.find((g) => g.id === opened);
  const moveSelect = (userId: string, name: string, current: number | null) => (
    <NativeSelect
      size="xs"
      aria-label={`Move ${name} to group`}
      value={current === null ? "" : String(current)}
      data={[...(current === null ? [{ value: "", label: "Put in group…", disabled: true }] : []), ...groupChoices]}
      onChange={(e) => move.mutate({ sessionId, userId, group: Number(e.currentTarget.value) })}
      disabled={move.isPending}
    />
  );

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (message.trim()) broadcast.mutate({ sessionId, body: message });
          }}
          style={{ flex: 1, minWidth: 260 }}
        >
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label="Message to every group"
              value={message}
              onChange={(e) => setMessage(e.currentTarget.value)}
              maxLength={1000}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default" loading={broadcast.isPending} disabled={!message.trim()}>
              Broadcast
            </Button>
          </Group>
        </form>
        <NumberInput label="Timer, minutes" min={1} max={180} value={minutes} onChange={setMinutes} w={130} />
        <Button variant="default" loading={timer.isPending} onClick={() => timer.mutate({ sessionId, minutes: Number(minutes) })}>
          Set timer
        </Button>
        {open.endsAt ? (
          <Button variant="subtle" onClick={() => timer.mutate({ sessionId, minutes: null })}>
            Stop timer
          </Button>
        ) : null}
        <Button color="red" loading={recall.isPending} onClick={() => recall.mutate({ sessionId })}>
          Recall everyone
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {open.seed ? `Split at random with seed “${open.seed}”.` : open.method ? `Split ${methodText[open.method]}.` : null}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-label="Groups" component="ul" style={{ listStyle: "none", padding: 0 }}>
        {open.groups.map((g) => (
          <Paper key={g.id} withBorder p="xs" component="li" aria-label={`Group ${g.number}`}>
            <Stack gap={6}>
              <Group justify="space-between">
                <Text fw={600}>
                  Group {g.number} · {g.members.length} {g.members.length === 1 ? "student" : "students"}
                </Text>
                {visiting === g.id ? (
                  <Text size="xs" c="blue">
                    Visiting
                  </Text>
                ) : null}
              </Group>
              {g.members.length === 0 ? (
                <Text size="xs" c="dimmed">
                  Nobody yet.
                </Text>
              ) : (
                <Stack gap={4}>
                  {g.members.map((m) => (
                    <Group key={m.userId} gap="xs" wrap="nowrap" justify="space-between">
                      <Text size="sm" truncate>
                        {m.name}
                      </Text>
                      {moveSelect(m.userId, m.name, g.number)}
                    </Group>
                  ))}
                </Stack>
              )}
              <GroupPreview conn={conns.get(g.documentName)} />
              <Group gap="xs">
                <Button size="compact-sm" variant="default" onClick={() => setOpened(opened === g.id ? null : g.id)}>
                  {opened === g.id ? "Close workspace" : "Open workspace"}
                </Button>
                {session.videoConfigured ? (
                  <Button size="compact-sm" variant="default" onClick={() => onVisit(visiting === g.id ? null : g.id)}>
                    {visiting === g.id ? "Back to the main room" : "Visit video"}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
      {open.unassigned && open.unassigned.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Not in a group ({open.unassigned.length})
          </Text>
          {open.unassigned.map((u) => (
            <Group key={u.userId} gap="xs" justify="space-between" maw={420}>
              <Text size="sm">{u.name}</Text>
              {moveSelect(u.userId, u.name, null)}
            </Group>
          ))}
        </Stack>
      ) : null}
      <Broadcasts open={open} />
      {shown ? <GroupWorkspace session={session} group={shown} /> : null}
    </Stack>
  );
}

function Broadcasts({ open }: { open: Open }) {
  if (open.broadcasts.length === 0) return null;
  return (
    <Stack gap={4} aria-label="Messages to every group" role="log">
      {open.broadcasts.map((b) => (
        <Alert key={b.id} color="blue" p="xs" title={b.authorName ? `${b.authorName} to every group` : "To every group"}>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {b.body}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}

function StudentBreakout({ session, open }: { session: SessionDetail; open: Open }) {
  const mine = open.groups.find((g) => g.id === open.myGroupId);
  return (
    <Stack gap="sm">
      {mine ? (
        <>
          <Text>
            You are in <strong>group {mine.number}</strong> with:
          </Text>
          <List size="sm" aria-label={`Members of group ${mine.number}`}>
            {mine.members.map((m) => (
              <List.Item key={m.userId}>{m.name}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">The class is in breakout groups; staff have not put you in one yet.</Text>
      )}
      <Broadcasts open={open} />
      {mine ? <GroupWorkspace session={session} group={mine} /> : null}
    </Stack>
  );
}
