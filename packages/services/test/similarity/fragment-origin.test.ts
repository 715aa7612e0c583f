import * as services from "@codeclass/services";
import { appendToWorkspaceFile, editWorkspace, enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";

const t = useTestDatabase();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("similarity.lineOrigins", () => {
  test("each line's first moment; a later call replays only the newer updates, and keeps none of the last minute", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const student = (await makeUser(t.db))!;
    await enroll(t.db, course.id, student.id, "student");
    const [ws] =
      await t.sql`insert into workspaces (course_id, owner_id, kind) values (${course.id}, ${student.id}, 'student') returning id`;
    const id = ws!.id as string;
    const updateIds = async () =>
      (await t.sql`select id from workspace_updates where workspace_id = ${id} order by id`).map((r) => Number(r.id));

    await editWorkspace(t.db, id, instructor.id, [{ path: "main.py", content: "# starter\n" }], "python", minutesAgo(30));
    await appendToWorkspaceFile(t.db, id, student.id, "main.py", "a = 1\n", minutesAgo(20));
    const first = await services.similarity.lineOrigins(t.db, id);
    const [starter, typedA] = await updateIds();
    expect(first.get("# starter")).toMatchObject({ updateId: starter, byOwner: false });
    expect(first.get("a = 1")).toMatchObject({ updateId: typedA, byOwner: true, source: "edit" });

    // Written after the first replay: the second picks them up from where the first stopped.
    await appendToWorkspaceFile(t.db, id, student.id, "main.py", "b = 2\n    a = 1\n", minutesAgo(10));
    await appendToWorkspaceFile(t.db, id, student.id, "util.py", "c = 3\n", new Date());
    const second = await services.similarity.lineOrigins(t.db, id);
    const [, , typedB, typedC] = await updateIds();
    expect(second.get("a = 1")!.updateId).toBe(typedA); // a reindented copy keeps the first moment
    expect(second.get("b = 2")!.updateId).toBe(typedB);
    expect(second.get("c = 3")!.updateId).toBe(typedC);
    expect([...second.keys()].sort()).toEqual(["# starter", "a = 1", "b = 2", "c = 3"]);

    // The last minute's update was replayed but not kept: were it gone from the log, it would be
    // gone from the answer (a row committed late with a smaller id is never skipped), while the
    // settled ones stay as replayed.
    await t.sql`delete from workspace_updates where id = ${typedC!}`;
    const third = await services.similarity.lineOrigins(t.db, id);
    expect(third.has("c = 3")).toBe(false);
    expect(third.get("b = 2")!.updateId).toBe(typedB);

    // A deleted workspace has no origins.
    await t.sql`delete from workspaces where id = ${id}`;
    expect((await services.similarity.lineOrigins(t.db, id)).size).toBe(0);
  });
});
