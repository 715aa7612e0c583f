import { createFile, filesOf, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { Replayer } from "../src/components/history/replay.ts";

/** A log of `n` single-keystroke updates (plus the file's creation), as the server stores it. */
function typedLog(n: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const snapshots: string[] = [];
  doc.on("update", (u: Uint8Array) => {
    updates.push(u);
    snapshots.push(filesOf(doc)[0]?.content ?? "");
  });
  createFile(doc, "main.py");
  for (let i = 0; i < n; i++)
    getFiles(doc)
      .get("main.py")!
      .insert(i, String.fromCharCode(97 + (i % 26)));
  return { updates, snapshots };
}

describe("Replayer", () => {
  test("rebuilds the exact text at every step, in any order of moves (checkpoints included)", () => {
    const { updates, snapshots } = typedLog(180);
    const r = new Replayer();
    r.append(updates.slice(0, 90));
    r.append(updates.slice(90));
    expect(r.length).toBe(updates.length);
    for (const i of [180, 0, 49, 50, 51, 99, 100, 150, 2, 180, 120, 120]) {
      expect(r.stateAt(i).files[0]?.content).toBe(snapshots[i]);
    }
    expect(r.stateAt(-1).files).toEqual([]);
  });

  test("says the state is incomplete when the log starts from content it does not hold", () => {
    const doc = new Y.Doc();
    createFile(doc, "main.py", "print(1)\n");
    const base = Y.encodeStateAsUpdate(doc);
    const later: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => later.push(u));
    getFiles(doc).get("main.py")!.insert(5, "99");
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, base);
    const r = new Replayer();
    r.append(later);
    expect(r.stateAt(0).incomplete).toBe(true);
  });
});
