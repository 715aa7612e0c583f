/**
 * patches/@hocuspocus__server@4.7.0.patch, two changes (docs/performance.md); these fail if the
 * patch is lost (an upgrade, an install without it):
 * - Hocuspocus reads a presence message's states directly instead of through a scratch Y.Doc and
 *   Awareness per message (a random UUID and an interval timer each: a class's presence renewals,
 *   arriving together every 15 s, were bursts the editors felt). Without it the presence hook also
 *   sees the scratch document's own client.
 * - A message the update guard (or the whiteboard) already applied is not applied again
 *   (applied-once.ts). Without it every edit makes a second transaction that changes nothing.
 */
import { eventually, useTestDatabase } from "@codeclass/test-utils";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import type { beforeHandleAwarenessPayload, Server } from "@hocuspocus/server";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type * as Y from "yjs";
import { acknowledged, makeClass, openDoc, openSocket, startBareServer, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
const collab = useCollabServer(t);

/** A Hocuspocus awareness message for `documentName` carrying `entries` as [client id, clock, state]. */
function awarenessMessage(documentName: string, entries: [number, number, unknown][]): Uint8Array {
  const states = encoding.createEncoder();
  encoding.writeVarUint(states, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(states, clientId);
    encoding.writeVarUint(states, clock);
    encoding.writeVarString(states, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  encoding.writeVarUint(e, 1); // Hocuspocus's awareness message
  encoding.writeVarUint8Array(e, encoding.toUint8Array(states));
  return encoding.toUint8Array(e);
}

describe("a presence message reaches the presence rules as it was sent", () => {
  useCleanup();
  let server: Server;
  let url: string;
  /** The states each presence message handed to beforeHandleAwareness, as [client id, state]. */
  const seen: [number, unknown][][] = [];
  beforeAll(async () => {
    ({ server, url } = await startBareServer([
      {
        async beforeHandleAwareness({ states }: beforeHandleAwarenessPayload) {
          seen.push([...states.entries()]);
          // What the presence rules do: a state is replaced, another left out.
          for (const [clientId, state] of states)
            if (clientId === 902) states.delete(clientId);
            else if (typeof state === "object") states.set(clientId, { ...(state as object), checked: true });
        },
      },
    ]));
  });
  afterAll(() => server?.destroy());

  test("only the clients the message carries, each with its newest clock; the hook's changes are what the others get", async () => {
    const name = `awareness-${Date.now()}`;
    const viewer = openDoc(openSocket(url), name, "t");
    const sender = openDoc(openSocket(url), name, "t");
    await eventually(() => expect(viewer.provider.isSynced && sender.provider.isSynced).toBe(true));
    seen.length = 0;
    // Client 901 twice (the newer clock wins, whatever the order), 902 dropped by the hook, 903's
    // state set and removed (null) in the same message, 904's state falsy (written as null).
    sender.provider.configuration.websocketProvider.send(
      awarenessMessage(name, [
        [901, 5, { file: "new.py" }],
        [902, 1, { file: "dropped.py" }],
        [901, 4, { file: "old.py" }],
        [903, 1, { file: "gone.py" }],
        [903, 2, null],
        [904, 1, false],
      ]),
    );
    await eventually(() => expect(viewer.provider.awareness!.getStates().get(901)).toEqual({ file: "new.py", checked: true }));
    // (The providers' own presence messages are handed over too: only this message is looked at.)
    expect(seen.filter((states) => states.some(([clientId]) => clientId === 901))).toEqual([
      [
        [901, { file: "new.py" }],
        [902, { file: "dropped.py" }],
        [904, false],
      ],
    ]);
    expect(viewer.provider.awareness!.meta.get(901)?.clock).toBe(5);
    const held = server.hocuspocus.documents.get(name)!.awareness.getStates();
    for (const clientId of [902, 903, 904]) {
      expect(held.has(clientId)).toBe(false);
      expect(viewer.provider.awareness!.getStates().has(clientId)).toBe(false);
    }
    // A newer clock is taken.
    sender.provider.configuration.websocketProvider.send(awarenessMessage(name, [[901, 6, { file: "next.py" }]]));
    await eventually(() => expect(viewer.provider.awareness!.getStates().get(901)).toEqual({ file: "next.py", checked: true }));
    expect(held.get(901)).toEqual({ file: "next.py", checked: true });
  });
});

describe("an edit is applied to the server's document once", () => {
  useCleanup();

  test("each keystroke is one transaction on the server, acknowledged, and the others see it", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(collab.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(collab.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    createFile(student.doc, "main.py", "");
    await eventually(() => acknowledged(student));
    const document = collab.collab.hocuspocus.documents.get(ws.documentName)!;
    // The student's transactions on the server's document: whether each changed anything.
    const changed: boolean[] = [];
    document.on("afterTransaction", (tr: Y.Transaction) => {
      const origin = tr.origin as { source?: string; connection?: { context?: { userId?: string } } } | null;
      if (origin?.source !== "connection" || origin.connection?.context?.userId !== c.student.id) return;
      changed.push(tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock));
    });
    for (const ch of "abc") {
      const text = getFiles(student.doc).get("main.py")!;
      text.insert(text.length, ch);
      await eventually(() => acknowledged(student));
    }
    await eventually(() => expect(getFiles(instructor.doc).get("main.py")?.toString()).toBe("abc"));
    expect(changed).toEqual([true, true, true]);
  });
});
