import "@excalidraw/excalidraw/index.css";
import { LoadingState } from "@codeclass/ui";
import { whiteboardDocumentName } from "@codeclass/validators";
import { Excalidraw, exportToBlob } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { Alert, Button, Group, Stack, Switch, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ExcalidrawBinding } from "y-excalidraw";
import type * as Y from "yjs";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { colorFor } from "../collab/presence.ts";
import { SyncBadge } from "../collab/SyncBadge.tsx";
import { useCollabConnection, useSyncState } from "../collab/useCollab.ts";
import type { SessionDetail } from "./types.ts";

// Excalidraw's fonts come from this server (vite.config.ts copies them), never from its CDN.
(window as { EXCALIDRAW_ASSET_PATH?: string }).EXCALIDRAW_ASSET_PATH = "/excalidraw/";

/**
 * The session's shared whiteboard (Excalidraw bound to the Yjs document `whiteboard:<session id>`
 * by y-excalidraw): staff draw; students draw while staff allow it (the server enforces it), and
 * see everyone's pointers. Loaded only when its tab opens: Excalidraw is large.
 */
export default function Whiteboard({ session, me }: { session: SessionDetail; me: { id: string; name: string } | null }) {
  const conn = useCollabConnection(whiteboardDocumentName(session.id));
  const state = useSyncState(conn);
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const [binding, setBinding] = useState<ExcalidrawBinding | null>(null);
  // While the board is open, the session (who may draw) is read more often than the page does.
  const trpc = useTRPC();
  useQuery({ ...trpc.session.get.queryOptions({ sessionId: session.id }), refetchInterval: 3_000 });
  // The server flips a student's open connection when staff allow drawing, so for students the
  // session's switch decides (the connection's first answer may be stale); staff are read-only
  // only where the server said so (an archived course).
  const canDraw = session.staff ? !state.readOnly : session.whiteboardStudents && session.status !== "ended";

  useEffect(() => {
    if (!api || !conn || !state.loaded) return;
    const awareness = conn.provider.awareness ?? undefined;
    // The server puts the signed-in name on it; the colour is ours to choose.
    if (me) awareness?.setLocalStateField("user", { id: me.id, name: me.name, color: colorFor(me.id) });
    const b = new ExcalidrawBinding(conn.doc.getArray<Y.Map<unknown>>("elements"), conn.doc.getMap("assets"), api, awareness);
    setBinding(b);
    return () => {
      b.destroy();
      setBinding(null);
      awareness?.setLocalState(null);
    };
  }, [api, conn, state.loaded, me]);

  const [exporting, setExporting] = useState(false);
  async function exportPng() {
    if (!api) return;
    setExporting(true);
    try {
      const blob = await exportToBlob({
        elements: api.getSceneElements(),
        appState: { ...api.getAppState(), exportBackground: true },
        files: api.getFiles(),
        mimeType: "image/png",
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${session.title.replace(/[^\w.-]+/g, "-")}-whiteboard.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      notifications.show({ color: "red", title: "Could not export the whiteboard", message: errorMessage(e) });
    } finally {
      setExporting(false);
    }
  }

  return (
    <Stack gap="xs" aria-label="Whiteboard" component="section">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          {session.staff ? <StudentsMayDraw session={session} /> : null}
          <Text size="sm" c="dimmed" role="status">
            {canDraw ? "You can draw." : session.staff ? "Read-only." : "Only staff draw now; they can let students draw."}
          </Text>
        </Group>
        <Group gap="xs">
          <SyncBadge state={state} />
          <Button size="xs" variant="default" onClick={() => void exportPng()} loading={exporting} disabled={!api}>
            Export PNG
          </Button>
        </Group>
      </Group>
      {state.refused ? (
        <Alert color="red" title="The whiteboard could not be opened">
          {state.refused}
        </Alert>
      ) : null}
      <div style={{ height: 560, border: "1px solid var(--mantine-color-default-border)", position: "relative" }}>
        {state.loaded ? (
          <Excalidraw
            excalidrawAPI={setApi}
            viewModeEnabled={!canDraw}
            isCollaborating
            onPointerUpdate={binding?.onPointerUpdate}
            UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false } }}
          />
        ) : (
          <LoadingState label="Loading the whiteboard…" />
        )}
      </div>
    </Stack>
  );
}

/** Staff let students draw, or stop them; open student connections follow at once. */
function StudentsMayDraw({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const set = useMutation(
    trpc.whiteboard.setStudents.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.session.pathFilter()),
      onError: (e) => notifications.show({ color: "red", title: "Could not change who may draw", message: errorMessage(e) }),
    }),
  );
  return (
    <Switch
      label="Students may draw"
      checked={session.whiteboardStudents}
      disabled={set.isPending || session.status === "ended"}
      onChange={(e) => set.mutate({ sessionId: session.id, allowed: e.currentTarget.checked })}
    />
  );
}
