import { LoadingState } from "@codeclass/ui";
import { Center, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import type { RunLanguageId } from "../run/files.ts";
import type { CollabConnection } from "./connection.ts";
import { SyncBadge } from "./SyncBadge.tsx";
import { useSyncState } from "./useCollab.ts";
import { useComments, useFilePaths, useMeta } from "./useDocState.ts";

const CollabEditor = lazy(() => import("./CollabEditor.tsx"));

/**
 * The instructor's demo beside the reader's own code (the side area's "Demo" tab): a file picker
 * and an editor of its own, live. Students read it; staff may type in it.
 */
export function DemoBeside({ conn, readOnly }: { conn: CollabConnection; readOnly: boolean }) {
  const state = useSyncState(conn);
  const paths = useFilePaths(conn.doc);
  const meta = useMeta(conn.doc);
  const comments = useComments(conn.doc);
  const [chosen, setChosen] = useState<string | null>(null);
  const active = chosen && paths.includes(chosen) ? chosen : meta.entry && paths.includes(meta.entry) ? meta.entry : (paths[0] ?? null);
  return (
    <Stack gap={4} h="100%" aria-label="Instructor demo, beside your code" component="section">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <NativeSelect
          aria-label="Demo file"
          size="xs"
          data={paths.length ? paths : [{ value: "", label: "No files yet", disabled: true }]}
          value={active ?? ""}
          onChange={(e) => setChosen(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <SyncBadge state={state} />
      </Group>
      {readOnly || state.readOnly ? (
        <Text size="xs" c="dimmed">
          Read-only: the instructor’s live code.
        </Text>
      ) : null}
      <div style={{ flex: 1, minHeight: 240 }}>
        {state.loaded ? (
          <Suspense fallback={<LoadingState label="Loading the editor…" />}>
            <CollabEditor
              doc={conn.doc}
              awareness={null}
              activePath={active}
              language={(meta.language ?? "python") as RunLanguageId}
              readOnly={readOnly || state.readOnly}
              undoManager={null}
              comments={comments}
            />
          </Suspense>
        ) : (
          <Center h="100%">
            <LoadingState label="Loading the demo…" />
          </Center>
        )}
      </div>
    </Stack>
  );
}
