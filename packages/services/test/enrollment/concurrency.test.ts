import * as services from "@codeclass/services";
import { enroll, eventually, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor, enrollmentsOf, serviceError } from "../helpers.ts";

const t = useTestDatabase();

/**
 * Plays another transaction that has locked the course row (as every roster change does) and
 * has not committed yet. `commit` runs its last statements, commits and frees the connection.
 */
async function lockCourseElsewhere(courseId: string) {
  const other = await t.sql.reserve();
  await other`begin`;
  await other`select id from courses where id = ${courseId} for update`;
  return {
    async commit(statements: (sql: typeof other) => Promise<unknown> = async () => {}) {
      try {
        await statements(other);
        await other`commit`;
      } finally {
        other.release();
      }
    },
  };
}

/** Waits until `count` statements of this database wait on a lock, or until every call has already settled. */
async function waitUntilBlocked(count: number, calls: Promise<unknown>[]) {
  let settled = 0;
  for (const call of calls)
    call.then(
      () => settled++,
      () => settled++,
    );
  await eventually(async () => {
    const [row] =
      await t.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    expect(settled === calls.length || row!.n === count, `${row!.n} of ${count} calls waiting, ${settled} settled`).toBe(true);
  });
}

describe("roster changes serialise on the course row", () => {
  test("of two concurrent removals of a course's two instructors, exactly one succeeds", async () => {
    const [a, b] = [await makeUser(t.db, { role: "instructor" }), await makeUser(t.db, { role: "instructor" })];
    const course = await makeCourse(t.db, a);
    await enroll(t.db, course.id, b.id, "instructor");
    const admin = actor(await makeUser(t.db, { role: "admin" }));

    // Both removals start while the row is locked, so both pass their reads before either writes.
    const lock = await lockCourseElsewhere(course.id);
    const removals = [a, b].map((u) => services.enrollment.remove(t.db, admin, { courseId: course.id, userId: u.id }));
    await waitUntilBlocked(2, removals);
    await lock.commit();

    const outcomes = await Promise.allSettled(removals);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected")!;
    await serviceError(Promise.reject(refused.reason), "CONFLICT");
    expect(await enrollmentsOf(t, course.id)).toEqual([{ userId: expect.any(String), role: "instructor" }]);
  });

  // Documented: instructors manage only courses where they are enrolled as instructor.
  test("an instructor demoted while their roster change waits for the lock is refused", async () => {
    const [a, b] = [await makeUser(t.db, { role: "instructor" }), await makeUser(t.db, { role: "instructor" })];
    const course = await makeCourse(t.db, a);
    await enroll(t.db, course.id, b.id, "instructor");
    const student = await makeUser(t.db);
    await enroll(t.db, course.id, student.id, "student");

    // A is demoting B (enrollment.setRole holds the lock) while B removes a student.
    const lock = await lockCourseElsewhere(course.id);
    const removal = services.enrollment.remove(t.db, actor(b), { courseId: course.id, userId: student.id });
    await waitUntilBlocked(1, [removal]);
    await lock.commit((sql) => sql`update enrollments set role = 'student' where course_id = ${course.id} and user_id = ${b.id}`);

    await serviceError(removal, "FORBIDDEN");
    expect(await enrollmentsOf(t, course.id)).toContainEqual({ userId: student.id, role: "student" });
  });

  // Documented: an archived course's roster is frozen until it is restored.
  test("a course archived while a roster change waits for the lock is not changed", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const newcomer = await makeUser(t.db);

    // An admin's course.archive holds the row (its UPDATE locks it) while the instructor enrolls someone.
    const lock = await lockCourseElsewhere(course.id);
    const adding = services.enrollment.add(t.db, actor(instructor), { courseId: course.id, email: newcomer.email });
    await waitUntilBlocked(1, [adding]);
    await lock.commit((sql) => sql`update courses set archived_at = now() where id = ${course.id}`);

    await serviceError(adding, "CONFLICT");
    expect(await enrollmentsOf(t, course.id)).toEqual([{ userId: instructor.id, role: "instructor" }]);
  });
});
