import { LoadingState, PageHeader } from "@codeclass/ui";
import { Badge, Button, Card, Divider, Select, Stack, Tabs, Text, Title, Typography } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import Markdown from "react-markdown";
import { Link, useParams, useSearchParams } from "react-router";
import { AssignmentReviewTable } from "../components/assignment/AssignmentReviewTable.tsx";
import { formatScore, statusLabel } from "../components/assignment/gradingFormat.ts";
import { RegradeCard } from "../components/assignment/RegradeCard.tsx";
import { SimilarityPanel } from "../components/assignment/SimilarityPanel.tsx";
import { SubmissionLive } from "../components/assignment/SubmissionLive.tsx";
import { TestsEditor } from "../components/assignment/TestsEditor.tsx";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { formatDateTime } from "../components/run/runFormat.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

/** /courses/:courseId/assignments/:assignmentId — the statement; students: their grade, workspace and results; staff: tests, students, regrade. */
export function AssignmentPage() {
  const { courseId = "", assignmentId = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.assignment.get.queryOptions({ assignmentId }));
  const [params, setParams] = useSearchParams();
  usePageTitle(detail.data ? detail.data.title : "Assignment");
  if (detail.isPending) return <LoadingState label="Loading the assignment…" />;
  if (detail.isError)
    return (
      <CourseLoadError
        error={detail.error}
        courseId={courseId}
        onRetry={() => void detail.refetch()}
        title="Could not load this assignment"
      />
    );
  const a = detail.data;
  const statement = (
    <Typography>
      {/* react-markdown renders Markdown only: raw HTML in the statement is shown as text, never run. */}
      <Markdown>{a.statement || "_No statement._"}</Markdown>
    </Typography>
  );
  return (
    <Stack gap="lg">
      <PageHeader
        title={a.title}
        description={[
          a.dueAt ? `Due ${formatDateTime(a.mine?.dueAt ?? a.dueAt)}` : "No due date",
          `${a.maxScore} points`,
          a.languages.join(", "),
        ].join(" · ")}
        actions={
          <>
            {a.staff ? null : (
              <Button component={Link} to={`/courses/${courseId}/assignments/${assignmentId}/workspace`}>
                Open my workspace
              </Button>
            )}
            <Button component={Link} to={`/courses/${courseId}`} variant="default">
              Back to the course
            </Button>
          </>
        }
      />
      {a.staff ? (
        <Tabs
          value={params.get("tab") ?? "statement"}
          onChange={(tab) => setParams(tab && tab !== "statement" ? { tab } : {})}
          keepMounted={false}
        >
          <Tabs.List aria-label="Assignment">
            <Tabs.Tab value="statement">Statement</Tabs.Tab>
            <Tabs.Tab value="tests">Tests</Tabs.Tab>
            <Tabs.Tab value="students">Students</Tabs.Tab>
            <Tabs.Tab value="similarity">Similarity</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="statement" pt="md">
            {statement}
          </Tabs.Panel>
          <Tabs.Panel value="tests" pt="md">
            <Stack>
              <RegradeCard assignmentId={assignmentId} />
              <Divider />
              <TestsEditor assignment={a} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="students" pt="md">
            <Stack>
              <AssignmentReviewTable courseId={courseId} assignmentId={assignmentId} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="similarity" pt="md">
            <SimilarityPanel courseId={courseId} assignmentId={assignmentId} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <>
          {statement}
          <StudentSide assignmentId={assignmentId} grade={a.mine?.grade ?? null} tests={a.tests} />
        </>
      )}
    </Stack>
  );
}

function StudentSide({
  assignmentId,
  grade,
  tests,
}: {
  assignmentId: string;
  grade: {
    status: string;
    score: number | null;
    maxScore: number | null;
    late: boolean;
    overridden: boolean;
    overrideReason: string | null;
    attempts: number;
  } | null;
  tests: { position: number; name: string; points: number; hidden: boolean }[];
}) {
  const trpc = useTRPC();
  const subs = useQuery(trpc.assignment.submissions.queryOptions({ assignmentId }));
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = chosen ?? subs.data?.[0]?.id ?? null;
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4">
          My grade
        </Title>
        <Text>
          {grade
            ? `${statusLabel[grade.status]} · ${formatScore(grade.score, grade.maxScore)}${grade.late ? " (late)" : ""} · ${grade.attempts} attempt(s)`
            : "—"}
        </Text>
        {grade?.overridden ? <Text size="sm">Set by your instructor: {grade.overrideReason}</Text> : null}
      </Card>
      <Text size="sm" c="dimmed">
        {tests.length} tests: {tests.filter((t) => t.hidden).length} hidden.
      </Text>
      {subs.data && subs.data.length > 0 ? (
        <Stack>
          <Select
            label="Submission"
            value={shown}
            onChange={setChosen}
            data={subs.data.map((s, i) => ({
              value: s.id,
              label: `#${subs.data.length - i} · ${formatDateTime(s.createdAt)} · ${s.status === "finished" ? formatScore(s.score, s.maxScore) : s.status}`,
            }))}
            maw={420}
          />
          {shown ? <SubmissionLive key={shown} submissionId={shown} /> : null}
        </Stack>
      ) : (
        <Badge variant="light" color="gray">
          No submissions yet
        </Badge>
      )}
    </Stack>
  );
}
