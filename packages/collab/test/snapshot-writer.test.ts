import { callerFor, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { createSnapshotWriter, type DocState, storeDocument } from "../src/storage.ts";
import { countingStatements, makeClass } from "./helpers.ts";

const t = useTestDatabase();

function docWith(text: string) {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
}

function stateOf(workspaceId: string, appliedUpTo: number, lastEdit: DocState["lastEdit"]): DocState {
  return {
    workspaceId,
    appliedUpTo,
    snapshotUpTo: 0,
    lastEdit,
    lastEditStored: null,
    writes: Promise.resolve(),
    dirty: false,
    logBytes: 0,
  };
}

async function stored(workspaceId: string) {
  const [row] = await t.sql<{ state: Buffer | null; up: number; at: string | null; by: string | null }[]>`
    select state, state_update_id::int as up, last_edit_at as at, last_edit_by as by from workspaces where id = ${workspaceId}`;
  const doc = new Y.Doc();
  if (row!.state) Y.applyUpdate(doc, new Uint8Array(row!.state));
  return { text: doc.getText("t").toString(), up: row!.up, at: row!.at && new Date(row!.at), by: row!.by };
}

// Snapshots with group commit (storage.ts): documents that reach their snapshot together are one
// statement; a newer snapshot is never replaced; a workspace twice in one batch ends with the later.
describe("snapshot writes", () => {
  test("arriving together they are one statement; each row gets its own state, position and last edit", async () => {
    const c = await makeClass(t);
    const workspaces = [
      await c.studentWorkspace(),
      await callerFor(t.db, c.classmate).workspace.getOrCreate({ courseId: c.course.id }),
      (await c.demoWorkspace())!,
    ];
    const { db, take } = countingStatements(t);
    const writer = createSnapshotWriter(db);
    const at = new Date("2026-12-05T10:00:00.123Z");
    const states = workspaces.map((w, i) => stateOf(w.id, 10 + i, { at, by: i === 1 ? c.classmate.id : c.student.id }));
    await Promise.all(states.map((s, i) => storeDocument(db, writer, s, docWith(`file ${i}`))));
    expect(take()).toBe(1);
    for (const [i, w] of workspaces.entries())
      expect(await stored(w.id)).toEqual({ text: `file ${i}`, up: 10 + i, at, by: i === 1 ? c.classmate.id : c.student.id });
    expect(states.map((s) => [s.snapshotUpTo, s.lastEditStored])).toEqual(states.map((_, i) => [10 + i, at]));

    // Nothing new: nothing written.
    await storeDocument(db, writer, states[0]!, docWith("file 0"));
    expect(take()).toBe(0);

    // Only a later edit: the state stays, the last edit moves.
    const later = new Date("2026-12-05T10:05:00.000Z");
    states[0]!.lastEdit = { at: later, by: c.instructor.id };
    await storeDocument(db, writer, states[0]!, docWith("not stored"));
    expect(await stored(workspaces[0]!.id)).toEqual({ text: "file 0", up: 10, at: later, by: c.instructor.id });

    // Another server wrote a newer snapshot: an older position does not replace it.
    await t.sql`update workspaces set state_update_id = 100 where id = ${workspaces[1]!.id}`;
    states[1]!.appliedUpTo = 50;
    await storeDocument(db, writer, states[1]!, docWith("older"));
    expect(await stored(workspaces[1]!.id)).toMatchObject({ text: "file 1", up: 100 });

    // The same workspace twice in one batch: written in turn, the later last.
    take();
    const w = workspaces[2]!.id;
    const encode = (text: string) => Y.encodeStateAsUpdate(docWith(text));
    await Promise.all([
      writer.append({ workspaceId: w, update: encode("first"), snapshot: true, upTo: 20, edit: null }),
      writer.append({ workspaceId: w, update: encode("second"), snapshot: true, upTo: 21, edit: null }),
    ]);
    expect(take()).toBe(2);
    expect(await stored(w)).toMatchObject({ text: "second", up: 21 });
  });

  test("one bad row fails only its own store: the others in its batch are written", async () => {
    const c = await makeClass(t);
    const [good, bad] = [await c.studentWorkspace(), await callerFor(t.db, c.classmate).workspace.getOrCreate({ courseId: c.course.id })];
    const { db, take } = countingStatements(t);
    const writer = createSnapshotWriter(db);
    const at = new Date("2026-12-05T11:00:00.000Z");
    // A last editor who no longer exists (deleted since the edit): the row breaks a foreign key.
    const results = await Promise.allSettled([
      storeDocument(db, writer, stateOf(good.id, 5, { at, by: c.student.id }), docWith("kept")),
      storeDocument(db, writer, stateOf(bad.id, 6, { at, by: "no-such-user" }), docWith("lost")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(await stored(good.id)).toEqual({ text: "kept", up: 5, at, by: c.student.id });
    expect(await stored(bad.id)).toMatchObject({ up: 0, by: null });
    // The batch, then each row alone.
    expect(take()).toBe(3);
  });
});
