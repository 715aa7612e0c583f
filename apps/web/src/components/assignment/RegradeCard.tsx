import { FormError } from "@codeclass/ui";
import { Button, Group, Progress, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

/** Staff: regrade after the tests changed (only changed tests rerun), with a progress bar. */
export function RegradeCard({ assignmentId }: { assignmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const progress = useQuery(
    trpc.assignment.regradeProgress.queryOptions(
      { assignmentId },
      { refetchInterval: (q) => (q.state.data?.latest && !q.state.data.latest.finishedAt ? 1000 : false) },
    ),
  );
  const regrade = useMutation(
    trpc.assignment.regrade.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.assignment.regradeProgress.queryKey({ assignmentId }) }),
    }),
  );
  const latest = progress.data?.latest;
  const running = latest && !latest.finishedAt;
  return (
    <Stack gap="xs">
      <Group>
        <Button onClick={() => regrade.mutate({ assignmentId })} loading={regrade.isPending} disabled={Boolean(running)}>
          Regrade changed tests
        </Button>
        {latest ? (
          <Text size="sm">
            {running ? "Regrading" : "Last regrade"}: {latest.done} of {latest.total} submissions
          </Text>
        ) : null}
      </Group>
      {latest && latest.total > 0 ? (
        <Progress
          value={(latest.done / latest.total) * 100}
          aria-label={`Regrade progress: ${latest.done} of ${latest.total}`}
          animated={Boolean(running)}
        />
      ) : null}
      <FormError message={regrade.error ? errorMessage(regrade.error) : null} />
    </Stack>
  );
}
