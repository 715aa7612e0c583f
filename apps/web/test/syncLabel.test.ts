import { describe, expect, test } from "vitest";
import type { SyncState } from "../src/components/collab/connection.ts";
import { syncLabel } from "../src/components/collab/syncLabel.ts";

const base: SyncState = {
  connection: "connected",
  synced: true,
  loaded: true,
  unsynced: 0,
  refused: null,
  closedReason: null,
  readOnly: false,
};

describe("syncLabel", () => {
  test("Saved, Saving…, Offline with the pending count, refused", () => {
    expect(syncLabel(base).label).toBe("Saved");
    expect(syncLabel({ ...base, unsynced: 2 }).label).toBe("Saving…");
    expect(syncLabel({ ...base, connection: "disconnected", unsynced: 3 }).label).toBe("Offline — 3 changes pending");
    expect(syncLabel({ ...base, connection: "connecting", unsynced: 1 }).label).toBe("Offline — 1 change pending");
    expect(syncLabel({ ...base, refused: "not your workspace" })).toMatchObject({ label: "Not connected", hint: "not your workspace" });
  });
});
