import { callerFor, editWorkspace, enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { expect, test } from "vitest";
import { rejection } from "./helpers.ts";

const t = useTestDatabase();

// No worker runs here: every submission stays queued, as it would behind a long grading queue.
test("a student's submissions still being graded are capped per assignment: past 3 the submit is refused and nothing is queued; another student, or the same one once graded, goes on", async () => {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const courseId = (await makeCourse(t.db, instructor)).id;
  const [ada, ben] = [await makeUser(t.db), await makeUser(t.db)];
  for (const s of [ada, ben]) await enroll(t.db, courseId, s.id, "student");
  const { id: assignmentId } = await callerFor(t.db, instructor).assignment.create({ courseId, title: "Echo", languages: ["python"] });
  for (const s of [ada, ben]) {
    const ws = await callerFor(t.db, s).assignment.workspace({ assignmentId });
    await editWorkspace(t.db, ws.id, s.id, [{ path: "main.py", content: "print(input())\n" }], "python");
  }
  const counts = async () =>
    (
      await t.sql`select
        (select count(*)::int from submissions where assignment_id = ${assignmentId} and user_id = ${ada.id}) as submissions,
        (select count(*)::int from graphile_worker.jobs where task_identifier = 'grade_submission') as jobs`
    )[0];

  // Three at once (a double click and more): all accepted.
  await Promise.all([1, 2, 3].map(() => callerFor(t.db, ada).assignment.submit({ assignmentId })));
  expect(await counts()).toEqual({ submissions: 3, jobs: 3 });
  // Concurrent submits past the cap cannot race it (the per-student lock): each is refused, nothing added.
  const refused = await Promise.all([1, 2].map(() => rejection(callerFor(t.db, ada).assignment.submit({ assignmentId }))));
  for (const r of refused) {
    expect(r.code).toBe("TOO_MANY_REQUESTS");
    expect(r.message).toBe(
      "You have 3 submissions of this assignment still being graded: wait for their results (a few seconds each), then submit again",
    );
  }
  expect(await counts()).toEqual({ submissions: 3, jobs: 3 });
  // Another student is not held up by Ada's queue.
  await callerFor(t.db, ben).assignment.submit({ assignmentId });
  // Once one of Ada's is graded (finished), she may submit again.
  await t.sql`update submissions set status = 'finished', finished_at = now()
    where id = (select id from submissions where assignment_id = ${assignmentId} and user_id = ${ada.id} order by created_at limit 1)`;
  await callerFor(t.db, ada).assignment.submit({ assignmentId });
  expect((await counts())!.submissions).toBe(4);
});
