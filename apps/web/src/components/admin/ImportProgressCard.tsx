import type { AppRouter } from "@codeclass/api";
import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type inferOutput, type TRPCOptionsProxy, useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { downloadText } from "../../lib/download.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

/** A stored import as admin.importGet and admin.importProgress send it. */
export type ImportState = inferOutput<TRPCOptionsProxy<AppRouter>["admin"]["importGet"]>;

const finished = ["committed", "failed", "cancelled"];
const statusText: Record<ImportState["status"], string> = {
  previewing: "Checking the file…",
  previewed: "Checked; not started.",
  queued: "Waiting for a worker to start…",
  committing: "Writing the rows. Nothing is visible to anyone until every row is in.",
  committed: "Imported.",
  failed: "The import failed.",
  cancelled: "Cancelled.",
};

/** Downloads one of an import's files (the result, or the error report) as the server wrote it. */
export function useImportDownload() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  async function download(importId: string, file: "result" | "errors") {
    setBusy(file);
    try {
      const { filename, csv } = await queryClient.fetchQuery({
        ...trpc.admin.importDownload.queryOptions({ importId, file }),
        staleTime: 0,
      });
      downloadText(filename, csv);
    } catch (error) {
      notifications.show({ color: "red", message: `The file could not be downloaded: ${errorMessage(error)}` });
    } finally {
      setBusy(null);
    }
  }
  return { download, busy };
}

/**
 * Follows a started import through admin.importProgress: a progress bar of the records written,
 * a cancel button until the commit's transaction ends, then the outcome with its downloads.
 */
export function ImportProgressCard({ importId }: { importId: string }) {
  const trpc = useTRPC();
  const [state, setState] = useState<ImportState | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const cancel = useMutation(trpc.admin.importCancel.mutationOptions({ onSuccess: (view) => setState(view) }));
  const { download, busy } = useImportDownload();
  const done = state ? finished.includes(state.status) : false;
  useSubscription(
    trpc.admin.importProgress.subscriptionOptions(
      { importId },
      {
        enabled: !done,
        onData: (event) => {
          setLost(null);
          setState((old) => (old && old.version > event.data.version ? old : event.data));
        },
        onError: (error) => setLost(errorMessage(error)),
      },
    ),
  );

  const progress = state?.progress ?? { done: 0, total: 0 };
  const committed = state?.status === "committed";
  // A commit with nothing to write (the same file again) is complete all the same.
  const percent = committed ? 100 : progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const cancellable = state && ["previewed", "queued", "committing"].includes(state.status) && !state.cancelRequested;
  const rows = state?.report?.summary.rows ?? 0;

  return (
    <Card withBorder aria-labelledby="import-progress-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="import-progress-title">
          {committed ? "Imported" : "Importing"}
        </Title>
        <Progress
          value={percent}
          size="lg"
          animated={!done}
          color={state?.status === "failed" ? "red" : state?.status === "cancelled" ? "gray" : "green"}
          aria-label="Import progress"
        />
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">
            {state ? statusText[state.status] : "Connecting…"}{" "}
            {progress.total > 0 && `${progress.done} of ${progress.total} records (${percent} %).`}
            {state?.cancelRequested && state.status === "committing" && " Cancelling: the rows written so far are being rolled back…"}
          </Text>
          {!done && (
            <Button
              variant="default"
              color="red"
              onClick={() => cancel.mutate({ importId })}
              loading={cancel.isPending}
              disabled={!cancellable}
            >
              Cancel the import
            </Button>
          )}
        </Group>
        {lost && !done && (
          <Alert color="yellow" title="Lost touch with the import">
            {lost}. It goes on on the server; reload the page to follow it again.
          </Alert>
        )}
        {cancel.error && (
          <Alert color="red" title="Not cancelled">
            {errorMessage(cancel.error)}
          </Alert>
        )}
        {committed && (
          <Alert color="green" title="Imported">
            {rows} rows imported (import {importId}). New accounts were mailed a link to choose their password; the audit log records the
            import.
          </Alert>
        )}
        {state?.status === "failed" && (
          <Alert color="red" title="Nothing was imported">
            {state.message}
          </Alert>
        )}
        {state?.status === "cancelled" && (
          <Alert color="gray" title="Cancelled">
            {state.message ?? "Nothing was written."}
          </Alert>
        )}
        {done && (
          <Group>
            {state?.hasResult && (
              <Button variant="default" loading={busy === "result"} onClick={() => download(importId, "result")}>
                Download the result
              </Button>
            )}
            {state?.hasErrorReport && (
              <Button variant="default" loading={busy === "errors"} onClick={() => download(importId, "errors")}>
                Download the error report ({state.problemCount} rows)
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
