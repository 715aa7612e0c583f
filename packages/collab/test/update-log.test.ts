import { useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { createUpdateLog } from "../src/storage.ts";
import { countingStatements, makeClass } from "./helpers.ts";

const t = useTestDatabase();

// The workspace log's group commit (storage.ts): rows appended close together are written as one
// statement, each append resolves to its own row, and the rows keep their bytes, authors and order.
describe("the workspace update log", () => {
  test("appends that arrive together are one statement; each gets its own row, in order, bytes intact", async () => {
    const c = await makeClass(t);
    const one = await c.studentWorkspace();
    // The real database, its statements counted.
    const { db, take } = countingStatements(t);
    const log = createUpdateLog(db);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 40; i++) doc.getText("t").insert(i, String.fromCharCode(0x41 + (i % 26)));
    // Bytes a text column would mangle: NUL, a backslash, invalid UTF-8.
    updates.push(new Uint8Array([0, 92, 255, 254, 0]));
    const rows = await Promise.all(
      updates.map((update, i) =>
        log.append({
          workspaceId: one.id,
          authorId: i % 2 ? c.student.id : c.instructor.id,
          update,
          insertedChars: i,
          source: i === 40 ? "sync" : "edit",
        }),
      ),
    );
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(updates.length);
    const stored = await t.sql<{ id: number; author_id: string; update: Buffer; bytes: number; inserted_chars: number; source: string }[]>`
      select id::int, author_id, update, bytes, inserted_chars, source from workspace_updates where workspace_id = ${one.id} order by id`;
    expect(stored.map((r) => r.id)).toEqual(ids);
    stored.forEach((r, i) => {
      expect(new Uint8Array(r.update)).toEqual(updates[i]);
      expect([r.author_id, r.bytes, r.inserted_chars, r.source]).toEqual([
        i % 2 ? c.student.id : c.instructor.id,
        updates[i]!.byteLength,
        i,
        i === 40 ? "sync" : "edit",
      ]);
    });
    // Replayed in order, the rows make the document again.
    const again = new Y.Doc();
    for (const r of stored.slice(0, 40)) Y.applyUpdate(again, new Uint8Array(r.update));
    expect(again.getText("t").toString()).toBe(doc.getText("t").toString());
    // One statement (one commit) for the whole burst, not one a row.
    expect(take()).toBe(1);
  });
});
