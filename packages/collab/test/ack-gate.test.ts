/**
 * The ack gate leans on a Hocuspocus internal (the SyncStatus message, type 8) and on where the
 * server sends it (ack-gate.ts). These fail when an upgrade of @hocuspocus/server or
 * @hocuspocus/provider changes either, before an unacknowledged edit could be reported as saved.
 */
import { eventually } from "@codeclass/test-utils";
import { HocuspocusProvider, MessageType as ProviderMessageType } from "@hocuspocus/provider";
import { OutgoingMessage, type Server, MessageType as ServerMessageType } from "@hocuspocus/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { createAckGate, isSyncStatus, messageSyncStatus } from "../src/ack-gate.ts";
import { updateOfMessage } from "../src/updates.ts";
import { openSocket, startBareServer, useCleanup } from "./helpers.ts";

describe("Hocuspocus's SyncStatus message", () => {
  test("is message type 8 on the server and in the provider, and the gate recognises the server's own", () => {
    expect(messageSyncStatus).toBe(8);
    expect(ServerMessageType.SyncStatus).toBe(messageSyncStatus);
    expect(ProviderMessageType.SyncStatus).toBe(messageSyncStatus);
    expect(isSyncStatus(new OutgoingMessage("workspace:a").writeSyncStatus(true).toUint8Array())).toBe(true);
    expect(isSyncStatus(new OutgoingMessage("workspace:a").writeSyncStatus(false).toUint8Array())).toBe(true);
    expect(isSyncStatus(new OutgoingMessage("workspace:a").writeStateless("8").toUint8Array())).toBe(false);
    expect(isSyncStatus(new OutgoingMessage("workspace:a").writeCloseMessage("bye").toUint8Array())).toBe(false);
  });
});

describe("the gate with a real server and provider", () => {
  useCleanup();
  const acks = createAckGate();
  /** While set, every update's ack waits for this write. */
  let write: Promise<void> | null = null;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await startBareServer([
      {
        async beforeHandleMessage({ connection, update }) {
          if (write && updateOfMessage(update)) acks.after(connection, write);
        },
        // A round trip on the same socket: what the server sent before the echo has arrived.
        async onStateless({ connection, payload }) {
          connection.sendStateless(`echo:${payload}`);
        },
      },
    ]));
  });
  afterAll(() => server?.destroy());

  test("an edit's ack reaches the provider only once its write settles", async () => {
    const doc = new Y.Doc();
    const echoes: string[] = [];
    const provider = new HocuspocusProvider({
      websocketProvider: openSocket(url),
      name: "workspace:gate",
      document: doc,
      token: "t",
      onStateless: ({ payload }) => void echoes.push(payload),
    });
    provider.attach();
    await eventually(() => expect(provider.isSynced && provider.unsyncedChanges === 0).toBe(true));
    let settle!: () => void;
    write = new Promise<void>((resolve) => {
      settle = resolve;
    });
    try {
      doc.getText("t").insert(0, "x");
      expect(provider.unsyncedChanges).toBe(1);
      // Applied on the server, so its SyncStatus has been handed to the (gated) send.
      await eventually(() => expect(server.hocuspocus.documents.get("workspace:gate")?.getText("t").toString()).toBe("x"));
      provider.sendStateless("ping");
      await eventually(() => expect(echoes).toEqual(["echo:ping"]));
      expect(provider.unsyncedChanges).toBe(1);
      settle();
      await eventually(() => expect(provider.unsyncedChanges).toBe(0));
    } finally {
      settle();
      write = null;
      provider.destroy();
    }
  });
});
