import { EmptyState, ErrorState } from "@codeclass/ui";
import { Anchor, Badge, Button, Card, Code, Group, NumberInput, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useTRPC } from "../../trpc.ts";
import { formatDateTime, formatDuration } from "../run/runFormat.ts";

type Similarity = NonNullable<ReturnType<typeof useSimilarity>["data"]>;
type Pair = Similarity["pairs"][number];
type Student = Similarity["students"][string];

function useSimilarity(assignmentId: string, minSimilarity: number, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery(trpc.assignment.similarity.queryOptions({ assignmentId, minSimilarity }, { enabled, staleTime: 60_000 }));
}

const percent = (x: number) => `${Math.round(x * 100)} %`;
/** A background per fragment, so the same match has the same colour on both sides. */
const fragmentColors = ["#ffe08a", "#b6e3ff", "#c8f2c2", "#ffc9c9", "#e5d4ff", "#ffd8a8"];

/**
 * Staff: every pair of students' final submissions ranked by similarity (Dolos; the starter code
 * left out), then a pair side by side with the matched code marked and, beside each student, what
 * the edit log says of how they wrote it (large pastes, typing time).
 */
export function SimilarityPanel({ courseId, assignmentId }: { courseId: string; assignmentId: string }) {
  const [threshold, setThreshold] = useState(25);
  const [asked, setAsked] = useState<number | null>(null);
  const [open, setOpen] = useState<Pair | null>(null);
  const result = useSimilarity(assignmentId, (asked ?? threshold) / 100, asked !== null);
  return (
    <Stack>
      <Group align="end">
        <NumberInput
          label="Show pairs at least this similar (%)"
          min={0}
          max={100}
          value={threshold}
          onChange={(v) => setThreshold(typeof v === "number" ? Math.min(100, Math.max(0, v)) : 0)}
          w={260}
        />
        <Button
          onClick={() => {
            setOpen(null);
            setAsked(threshold);
            if (asked === threshold) void result.refetch();
          }}
          loading={result.isFetching}
        >
          Compare final submissions
        </Button>
      </Group>
      {asked === null ? (
        <Text c="dimmed">
          Compares every student's latest submission with every other's (with Dolos; the starter code does not count). Large classes take a
          few seconds.
        </Text>
      ) : result.isError ? (
        <ErrorState title="Could not compare the submissions" message={result.error.message} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <Text c="dimmed" role="status">
          Comparing the submissions…
        </Text>
      ) : (
        <PairsTable data={result.data} open={open} onOpen={setOpen} threshold={asked} />
      )}
      {open && result.data ? <SideBySide courseId={courseId} assignmentId={assignmentId} pair={open} data={result.data} /> : null}
    </Stack>
  );
}

function PairsTable({
  data,
  open,
  onOpen,
  threshold,
}: {
  data: Similarity;
  open: Pair | null;
  onOpen: (p: Pair) => void;
  threshold: number;
}) {
  if (data.compared < 2) return <EmptyState title="Nothing to compare yet" description="At least two students must have submitted." />;
  if (data.pairs.length === 0)
    return (
      <EmptyState
        title="No similar pairs"
        description={`${data.compared} submissions compared; no pair is ${threshold} % similar or more. Lower the threshold to see more.`}
      />
    );
  const name = (id: string) => data.students[id]?.name || data.students[id]?.email || id;
  return (
    <>
      <Text size="sm" c="dimmed">
        {data.compared} submissions compared; {data.pairs.length === 1 ? "1 pair" : `${data.pairs.length} pairs`} at {threshold} % or more,
        the most similar first.
      </Text>
      <Table aria-label="Similar pairs of submissions" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Students</Table.Th>
            <Table.Th>Similarity</Table.Th>
            <Table.Th>Longest match</Table.Th>
            <Table.Th>Pasted</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.pairs.map((p, i) => {
            const pasted = [p.left, p.right].filter((id) => (data.students[id]?.evidence?.largePastes.length ?? 0) > 0).map(name);
            const selected = open === p;
            return (
              <Table.Tr key={`${p.left}:${p.right}`} bg={selected ? "var(--mantine-color-blue-light)" : undefined}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  {name(p.left)} and {name(p.right)}
                </Table.Td>
                <Table.Td miw={160}>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={p.similarity * 100}
                      color={p.similarity >= 0.7 ? "red" : p.similarity >= 0.4 ? "orange" : "gray"}
                      w={80}
                      aria-label={`Similarity ${percent(p.similarity)}`}
                    />
                    <Text size="sm">{percent(p.similarity)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>{p.longest} k-grams</Table.Td>
                <Table.Td>{pasted.length ? <Badge color="orange">{pasted.join(", ")}</Badge> : "—"}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant={selected ? "filled" : "light"} onClick={() => onOpen(p)} aria-pressed={selected}>
                    Side by side
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {data.warnings.length ? (
        <Text size="sm" c="orange">
          {data.warnings.join(" ")}
        </Text>
      ) : null}
    </>
  );
}

function SideBySide({ courseId, assignmentId, pair, data }: { courseId: string; assignmentId: string; pair: Pair; data: Similarity }) {
  const left = data.students[pair.left];
  const right = data.students[pair.right];
  if (!left || !right) return null;
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {left.name} and {right.name}: {percent(pair.similarity)} similar,{" "}
        {pair.fragments.length === 1 ? "1 matched fragment" : `${pair.fragments.length} matched fragments`}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {(["left", "right"] as const).map((side) => (
          <StudentSide
            key={side}
            courseId={courseId}
            assignmentId={assignmentId}
            student={side === "left" ? left : right}
            ranges={pair.fragments.map((f) => f[side])}
            origins={pair.fragments.map((f) => f.origin[side])}
          />
        ))}
      </SimpleGrid>
    </Card>
  );
}

function StudentSide({
  courseId,
  assignmentId,
  student,
  ranges,
  origins,
}: {
  courseId: string;
  assignmentId: string;
  student: Student;
  ranges: Pair["fragments"][number]["left"][];
  origins: Origin[];
}) {
  const e = student.evidence;
  return (
    <Stack gap="xs" aria-label={`${student.name}'s submission`} role="group">
      <Group justify="space-between">
        <Text fw={600}>{student.name}</Text>
        {student.workspaceId ? (
          <Anchor component={Link} to={`/courses/${courseId}/assignments/${assignmentId}/workspace/${student.workspaceId}`} size="sm">
            Open the workspace
          </Anchor>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        Submitted {formatDateTime(student.submittedAt)}
      </Text>
      {e ? (
        <Text size="sm">
          {e.edits} edits, {e.insertedChars} characters typed or pasted over {formatDuration(e.typingMs)} of typing
          {e.largePastes.length
            ? `; ${e.largePastes.length} large paste${e.largePastes.length === 1 ? "" : "s"} (${e.pastedChars} characters, first at ${formatDateTime(e.largePastes[0]!.at)})`
            : "; no large pastes"}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          No edit log (submitted without a workspace).
        </Text>
      )}
      {e ? <FragmentOrigins ranges={ranges} origins={origins} /> : null}
      {student.files.map((f) => (
        <MarkedFile key={f.path} path={f.path} content={f.content} ranges={ranges} />
      ))}
    </Stack>
  );
}

type Origin = Pair["fragments"][number]["origin"]["left"];

const linesOf = (ranges: Pair["fragments"][number]["left"]) =>
  ranges.map((r) => (r.startLine === r.endLine ? `line ${r.startLine}` : `lines ${r.startLine}–${r.endLine}`)).join(", ");

/** How a fragment came to be in the student's code, in words: one paste, or typed over a stretch of time. */
function originText(o: NonNullable<Origin>): string {
  const who =
    o.notByOwner > 0 ? ` (${o.notByOwner} line${o.notByOwner === 1 ? "" : "s"} written by someone else: staff or the starter)` : "";
  if (o.paste && o.largestShare >= 0.5) {
    const how =
      o.paste.source === "sync" ? "brought in at once by a reconnecting editor (offline work, or a paste sent that way)" : "pasted at once";
    return `${Math.round(o.largestShare * 100)} % of it ${how} (${o.paste.chars} characters) at ${formatDateTime(o.paste.at)}; complete at ${formatDateTime(o.completeAt)}${who}`;
  }
  if (o.updates === 1) return `appeared in one edit at ${formatDateTime(o.completeAt)}${who}`;
  return `written over ${formatDuration(new Date(o.completeAt).getTime() - new Date(o.startedAt).getTime())} in ${o.updates} edits, from ${formatDateTime(o.startedAt)} to ${formatDateTime(o.completeAt)}${who}`;
}

/** Per matched fragment (in its colour): when it appeared in this student's code, and how. */
function FragmentOrigins({ ranges, origins }: { ranges: Pair["fragments"][number]["left"][]; origins: Origin[] }) {
  if (ranges.length === 0) return null;
  return (
    <Stack gap={2} component="ul" aria-label="When each matched fragment appeared" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {ranges.map((r, i) => {
        const o = origins[i];
        return (
          <Text key={i} component="li" size="xs">
            <span
              aria-hidden
              style={{
                display: "inline-block",
                width: 10,
                height: 10,
                marginRight: 6,
                background: fragmentColors[i % fragmentColors.length],
                border: "1px solid var(--mantine-color-default-border)",
              }}
            />
            Fragment {i + 1}, {linesOf(r)}: {o ? originText(o) : "not in the edit log"}
          </Text>
        );
      })}
    </Stack>
  );
}

/** A file with the lines of each matched fragment marked in that fragment's colour. */
function MarkedFile({ path, content, ranges }: { path: string; content: string; ranges: Pair["fragments"][number]["left"][] }) {
  const lines = content.replace(/\n$/, "").split("\n");
  const mark = new Map<number, number>();
  ranges.forEach((fragment, i) => {
    for (const r of fragment)
      if (r.path === path) for (let line = r.startLine; line <= r.endLine; line++) if (!mark.has(line)) mark.set(line, i);
  });
  return (
    <section aria-label={`${path}, matched lines marked`}>
      <Code>{path}</Code>
      <pre style={{ margin: 0, fontSize: 12, overflowX: "auto", maxHeight: 480 }}>
        {lines.map((text, i) => {
          const fragment = mark.get(i + 1);
          const number = (
            <span style={{ display: "inline-block", width: 36, color: "var(--mantine-color-dimmed)", userSelect: "none" }}>{i + 1}</span>
          );
          return (
            <div key={i} data-fragment={fragment}>
              {number}
              {fragment === undefined ? (
                text || " "
              ) : (
                <mark style={{ background: fragmentColors[fragment % fragmentColors.length], color: "inherit" }}>{text || " "}</mark>
              )}
            </div>
          );
        })}
      </pre>
    </section>
  );
}
