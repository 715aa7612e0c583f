/**
 * An edit is not sent back to the connection it came from (extensions/no-echo.ts), which leans on
 * Hocuspocus internals: these fail when an upgrade of @hocuspocus/server changes them (the
 * extension then does nothing and the echo comes back), or when leaving the author out loses an
 * edit somebody else made in the same window.
 */
import { eventually } from "@codeclass/test-utils";
import { HocuspocusProvider } from "@hocuspocus/provider";
import type { Server } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { NoEcho } from "../src/extensions/no-echo.ts";
import { updateOfMessage } from "../src/updates.ts";
import { openSocket, startBareServer, useCleanup } from "./helpers.ts";

/** Hocuspocus's message types: a sync message (0) whose step is an update (2). */
function isSyncUpdate(data: ArrayBuffer | Uint8Array): boolean {
  const decoder = decoding.createDecoder(new Uint8Array(data));
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 2;
}

describe("an edit is not sent back to its author", () => {
  useCleanup();
  /** While set, the server makes an edit of its own in the same turn as the next client update. */
  let serverEdit: string | null = null;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await startBareServer([
      new NoEcho(),
      {
        async beforeHandleMessage({ document, update }) {
          if (!serverEdit || !updateOfMessage(update)) return;
          const text = serverEdit;
          serverEdit = null;
          // Queued in the same flush window as the client's update, which is applied right after.
          document.transact(() => document.getText("t").insert(0, text), { source: "local" });
        },
        // A round trip on the same socket: what the server sent before the echo has arrived.
        async onStateless({ connection, payload }) {
          connection.sendStateless(`echo:${payload}`);
        },
      },
    ]));
  });
  afterAll(() => server?.destroy());

  function client(name: string) {
    const doc = new Y.Doc();
    const updates: number[] = [];
    const echoes: string[] = [];
    const provider = new HocuspocusProvider({
      websocketProvider: openSocket(url),
      name,
      document: doc,
      token: "t",
      onStateless: ({ payload }) => void echoes.push(payload),
    });
    provider.on("message", ({ event }: { event: MessageEvent }) => {
      if (isSyncUpdate(event.data)) updates.push(Date.now());
    });
    provider.attach();
    /** Resolves once everything the server sent before now has arrived. */
    const roundTrip = async () => {
      const ping = `ping${echoes.length}`;
      provider.sendStateless(ping);
      await eventually(() => expect(echoes).toContain(`echo:${ping}`));
    };
    return { doc, provider, updates, roundTrip, text: () => doc.getText("t").toString() };
  }

  test("the author gets its ack and no copy of its edit; every other connection gets the edit", async () => {
    const [author, other, third] = [client("doc:a"), client("doc:a"), client("doc:a")];
    await eventually(() => expect([author, other, third].every((c) => c.provider.isSynced)).toBe(true));
    author.doc.getText("t").insert(0, "hello");
    await eventually(() => expect([other.text(), third.text()]).toEqual(["hello", "hello"]));
    await eventually(() => expect(author.provider.unsyncedChanges).toBe(0));
    await author.roundTrip();
    expect(author.updates).toHaveLength(0);
    expect([other.updates.length, third.updates.length]).toEqual([1, 1]);
    // The others' edits still reach the author.
    other.doc.getText("t").insert(5, "!");
    await eventually(() => expect(author.text()).toBe("hello!"));
    await other.roundTrip();
    expect(other.updates).toHaveLength(1);
  });

  test("a window with edits from the author and from elsewhere goes to the author too", async () => {
    const [author, other] = [client("doc:b"), client("doc:b")];
    await eventually(() => expect([author, other].every((c) => c.provider.isSynced)).toBe(true));
    serverEdit = "server ";
    author.doc.getText("t").insert(0, "typed");
    const onServer = () => server.hocuspocus.documents.get("doc:b")?.getText("t").toString() ?? "";
    await eventually(() => expect(onServer()).toMatch(/^(server typed|typedserver )$/));
    await eventually(() => expect([author.text(), other.text()]).toEqual([onServer(), onServer()]));
  });
});

describe("a window sent at once because it is full", () => {
  useCleanup();
  /** While set, the next client update is preceded (same turn) by a small one from this other connection's side. */
  let fromOther: { text: string } | null = null;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await startBareServer(
      [
        new NoEcho(),
        {
          async beforeHandleMessage({ document, connection, update }) {
            if (!fromOther || !updateOfMessage(update)) return;
            const other = document.getConnections().find((c) => c !== connection)!;
            const edit = new Y.Doc();
            edit.getText("t").insert(0, fromOther.text);
            fromOther = null;
            // Queued (under the window's size), as if the other connection had sent it in this turn.
            Y.applyUpdate(document, Y.encodeStateAsUpdate(edit), { source: "connection", connection: other });
          },
        },
      ],
      // The client's update fills the window: Hocuspocus sends it at once, from its own update listener.
      { flushMaxBytes: 64 },
    ));
  });
  afterAll(() => server?.destroy());

  test("the connection whose edit was waiting still gets the one that filled the window", async () => {
    const [waiting, filler] = [new Y.Doc(), new Y.Doc()];
    const providers = [waiting, filler].map((document) => {
      const provider = new HocuspocusProvider({ websocketProvider: openSocket(url), name: "doc:full", document, token: "t" });
      provider.attach();
      return provider;
    });
    await eventually(() => expect(providers.every((p) => p.isSynced)).toBe(true));
    fromOther = { text: "b" };
    filler.getText("t").insert(0, "x".repeat(200));
    const onServer = () => server.hocuspocus.documents.get("doc:full")?.getText("t").toString() ?? "";
    await eventually(() => expect(onServer()).toHaveLength(201));
    // The waiting side never typed "b" itself (the server made it up for it), so it has every edit only if it got the window.
    await eventually(() => expect(waiting.getText("t").toString()).toBe(onServer()));
    for (const p of providers) p.destroy();
  });
});
