import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor, serviceError } from "../helpers.ts";

const t = useTestDatabase();

/** A logged update as the collaboration server stores it; `at` in minutes after a fixed start. */
async function addUpdate(workspaceId: string, authorId: string, minute: number, insertedChars: number, source = "edit") {
  const at = new Date(Date.UTC(2026, 0, 5, 9, 0, 0) + minute * 60_000).toISOString();
  await t.sql`insert into workspace_updates (workspace_id, author_id, at, update, bytes, inserted_chars, source)
    values (${workspaceId}, ${authorId}, ${at}::timestamptz, '\\x00'::bytea, 1, ${insertedChars}, ${source}::workspace_update_source)`;
}

describe("similarity.editEvidence", () => {
  test("a student's own edits, those sent on reconnect too: large pastes, typing time without long pauses; staff edits and the template do not count", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const [typist, paster] = await Promise.all([makeUser(t.db), makeUser(t.db)]);
    for (const s of [typist!, paster!]) await enroll(t.db, course.id, s.id, "student");
    const ws = async (ownerId: string) =>
      (await t.sql`insert into workspaces (course_id, owner_id, kind) values (${course.id}, ${ownerId}, 'student') returning id`)[0]!
        .id as string;
    const typed = await ws(typist!.id);
    const pasted = await ws(paster!.id);
    await addUpdate(typed, typist!.id, 0, 900, "template");
    for (let m = 1; m <= 10; m++) await addUpdate(typed, typist!.id, m, 20); // ten minutes of typing
    await addUpdate(typed, typist!.id, 60, 10); // after a 50-minute pause
    await addUpdate(typed, instructor.id, 61, 500); // the instructor's paste is not the student's
    await addUpdate(pasted, paster!.id, 0, 5);
    await addUpdate(pasted, paster!.id, 1, 800);
    await addUpdate(pasted, paster!.id, 2, 700, "sync");

    const [a, b] = await services.similarity.editEvidence(t.db, actor(instructor), { courseId: course.id, workspaceIds: [typed, pasted] });
    expect(a).toMatchObject({
      workspaceId: typed,
      ownerId: typist!.id,
      edits: 11,
      insertedChars: 210,
      largePastes: [],
      pastedChars: 0,
      typingMs: 9 * 60_000,
    });
    // The 700 characters sent as a sync step 2 count: a client picks which message carries its text.
    expect(b).toMatchObject({ workspaceId: pasted, edits: 3, insertedChars: 1505, pastedChars: 1500, typingMs: 120_000 });
    expect(b!.largePastes).toEqual([
      { at: new Date(Date.UTC(2026, 0, 5, 9, 1)), chars: 800 },
      { at: new Date(Date.UTC(2026, 0, 5, 9, 2)), chars: 700 },
    ]);
  });

  test("students may not read the evidence; workspaces of another course are left out", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const other = await makeCourse(t.db, instructor);
    const student = await makeUser(t.db);
    await enroll(t.db, course.id, student.id, "student");
    const [w] = await t.sql`insert into workspaces (course_id, owner_id, kind) values (${other.id}, ${student.id}, 'student') returning id`;
    await addUpdate(w!.id, student.id, 0, 300);
    await serviceError(services.similarity.editEvidence(t.db, actor(student), { courseId: course.id, workspaceIds: [] }), "FORBIDDEN");
    const [row] = await services.similarity.editEvidence(t.db, actor(instructor), { courseId: course.id, workspaceIds: [w!.id] });
    expect(row).toMatchObject({ edits: 0, largePastes: [], ownerId: null });
  });
});
