import { LoadingState } from "@codeclass/ui";
import { Tabs } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { useMe } from "../../hooks/useMe.ts";
import { SessionCode } from "./SessionCode.tsx";
import type { SessionDetail } from "./types.ts";

// Excalidraw is large: it loads only when the whiteboard tab opens.
const Whiteboard = lazy(() => import("./Whiteboard.tsx"));

/** Beside the video: the instructor's demo code and the shared whiteboard, as tabs. */
export function SessionWorkArea({ session }: { session: SessionDetail }) {
  const [tab, setTab] = useState<string | null>("code");
  const me = useMe();
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List aria-label="Code and whiteboard">
        <Tabs.Tab value="code">Instructor's code</Tabs.Tab>
        <Tabs.Tab value="whiteboard">Whiteboard</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="code" pt="xs">
        <SessionCode session={session} />
      </Tabs.Panel>
      <Tabs.Panel value="whiteboard" pt="xs">
        <Suspense fallback={<LoadingState label="Loading the whiteboard…" />}>
          <Whiteboard session={session} me={me.data ? { id: me.data.id, name: me.data.name } : null} />
        </Suspense>
      </Tabs.Panel>
    </Tabs>
  );
}
