import { Alert, Badge, Code, Group, Progress, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import type { SubmissionResult } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatScore } from "./gradingFormat.ts";
import { ResultsTable } from "./ResultsTable.tsx";

interface Summary {
  status: string;
  score: number | null;
  maxScore: number | null;
  compileVerdict: string | null;
  compileOutput: string | null;
  penaltyPct: number;
  testCount: number;
}

/** A submission being graded: each test's result as it finishes (over SSE), a progress bar, then the score. */
export function SubmissionLive({ submissionId }: { submissionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [results, setResults] = useState<SubmissionResult[]>([]);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const finished = summary?.status === "finished";
  useSubscription(
    trpc.assignment.submissionEvents.subscriptionOptions(
      { submissionId },
      {
        enabled: !finished,
        onData: (event) => {
          setLost(null);
          const data = event.data;
          if (data.type === "result")
            setResults((old) => [...old.filter((r) => r.resultId !== data.result.resultId), data.result as SubmissionResult]);
          else {
            setSummary(data.submission);
            if (data.type === "end") void queryClient.invalidateQueries({ queryKey: trpc.assignment.pathKey() });
          }
        },
        onError: (error) => setLost(errorMessage(error)),
      },
    ),
  );
  const total = summary?.testCount ?? 0;
  const percent = finished ? 100 : total ? Math.floor((results.length / total) * 100) : 0;
  return (
    <Stack gap="sm" aria-live="polite">
      {lost ? <Alert color="yellow">Lost the connection to the grading ({lost}); retrying…</Alert> : null}
      <Group gap="sm">
        <Text fw={600}>{finished ? "Graded" : summary?.status === "running" ? "Grading…" : "Waiting for a grader…"}</Text>
        {finished ? <Badge size="lg">{formatScore(summary?.score, summary?.maxScore)}</Badge> : null}
        {summary && summary.penaltyPct > 0 ? <Badge color="orange">late: −{summary.penaltyPct}%</Badge> : null}
      </Group>
      <Progress value={percent} aria-label={`Grading progress: ${results.length} of ${total} tests`} animated={!finished} />
      {summary?.compileVerdict && summary.compileVerdict !== "OK" ? (
        <Alert color="red" title={summary.compileVerdict === "COMPILE_ERROR" ? "It does not compile" : "Grading failed"}>
          <Code block>{summary.compileOutput || "(no output)"}</Code>
        </Alert>
      ) : null}
      {results.length ? <ResultsTable results={results} testCount={finished ? undefined : total} /> : null}
    </Stack>
  );
}
