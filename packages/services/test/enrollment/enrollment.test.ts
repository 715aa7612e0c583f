import * as services from "@codeclass/services";
import { setGlobalRole } from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor, auditFor, enrollmentsOf, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();

async function courseWithInstructor() {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor);
  return { instructor, course, me: actor(instructor) };
}

describe("enrollment.add", () => {
  test("finds the account by email regardless of case, enrolls it and audits it", async () => {
    const { course, instructor, me } = await courseWithInstructor();
    const local = `ada-${uniqueSuffix()}`;
    const ada = await makeUser(t.db, { email: `${local}@example.com` });

    const entry = await services.enrollment.add(t.db, me, { courseId: course.id, email: `${local.toUpperCase()}@Example.COM`, role: "ta" });
    expect(entry).toMatchObject({ userId: ada.id, email: ada.email, role: "ta" });
    expect(await enrollmentsOf(t, course.id)).toEqual([
      { userId: instructor.id, role: "instructor" },
      { userId: ada.id, role: "ta" },
    ]);
    expect(await auditFor(t, { courseId: course.id })).toEqual([
      { actorId: instructor.id, action: "enrollment.add", targetType: "user", targetId: ada.id, courseId: course.id, data: { role: "ta" } },
    ]);
  });

  test("the role defaults to student", async () => {
    const { course, me } = await courseWithInstructor();
    const bob = await makeUser(t.db);
    expect(await services.enrollment.add(t.db, me, { courseId: course.id, email: bob.email })).toMatchObject({
      userId: bob.id,
      role: "student",
    });
  });

  test("an unknown email is NOT_FOUND on the email field and writes nothing", async () => {
    const { course, me } = await courseWithInstructor();
    const error = await serviceError(
      services.enrollment.add(t.db, me, { courseId: course.id, email: `ghost-${uniqueSuffix()}@example.com` }),
      "NOT_FOUND",
    );
    expect(error.field).toBe("email");
    expect(await enrollmentsOf(t, course.id)).toHaveLength(1);
    expect(await auditFor(t, { courseId: course.id })).toEqual([]);
  });
});

describe("enrollment.setRole", () => {
  test("a change is audited with from and to; setting the same role again writes nothing", async () => {
    const { course, instructor, me } = await courseWithInstructor();
    const student = await makeUser(t.db);
    await enroll(t.db, course.id, student.id, "student");

    expect(await services.enrollment.setRole(t.db, me, { courseId: course.id, userId: student.id, role: "ta" })).toMatchObject({
      userId: student.id,
      role: "ta",
    });
    expect(await services.enrollment.setRole(t.db, me, { courseId: course.id, userId: student.id, role: "ta" })).toMatchObject({
      role: "ta",
    });
    expect(await auditFor(t, { courseId: course.id })).toEqual([
      {
        actorId: instructor.id,
        action: "enrollment.setRole",
        targetType: "user",
        targetId: student.id,
        courseId: course.id,
        data: { from: "student", to: "ta" },
      },
    ]);
  });

  test("with a second instructor, the first may step down; then the last one may not", async () => {
    const { course, instructor, me } = await courseWithInstructor();
    const second = await makeUser(t.db, { role: "instructor" });
    await enroll(t.db, course.id, second.id, "student");
    await services.enrollment.setRole(t.db, me, { courseId: course.id, userId: second.id, role: "instructor" });
    await services.enrollment.setRole(t.db, me, { courseId: course.id, userId: instructor.id, role: "ta" });

    await serviceError(
      services.enrollment.setRole(t.db, actor(second), { courseId: course.id, userId: second.id, role: "student" }),
      "CONFLICT",
    );
    expect(await enrollmentsOf(t, course.id)).toEqual([
      { userId: second.id, role: "instructor" },
      { userId: instructor.id, role: "ta" },
    ]);
    expect((await auditFor(t, { courseId: course.id })).map((r) => r.data)).toEqual([
      { from: "student", to: "instructor" },
      { from: "instructor", to: "ta" },
    ]);
  });
});

describe("enrollment.remove and enrollment.roster", () => {
  test("removal deletes the enrollment and audits the role the member had", async () => {
    const { course, instructor, me } = await courseWithInstructor();
    const ta = await makeUser(t.db);
    await enroll(t.db, course.id, ta.id, "ta");
    expect(await services.enrollment.remove(t.db, me, { courseId: course.id, userId: ta.id })).toEqual({ ok: true });
    expect(await enrollmentsOf(t, course.id)).toEqual([{ userId: instructor.id, role: "instructor" }]);
    expect(await auditFor(t, { courseId: course.id })).toEqual([
      {
        actorId: instructor.id,
        action: "enrollment.remove",
        targetType: "user",
        targetId: ta.id,
        courseId: course.id,
        data: { role: "ta" },
      },
    ]);
  });

  test("the roster lists instructors, then TAs, then students, and is refused to students", async () => {
    const { course, instructor, me } = await courseWithInstructor();
    const student = await makeUser(t.db, { name: "A student" });
    const ta = await makeUser(t.db, { name: "Z ta" });
    await enroll(t.db, course.id, student.id, "student");
    await enroll(t.db, course.id, ta.id, "ta");
    expect((await services.enrollment.roster(t.db, me, { courseId: course.id })).map((r) => [r.userId, r.role])).toEqual([
      [instructor.id, "instructor"],
      [ta.id, "ta"],
      [student.id, "student"],
    ]);
    await serviceError(services.enrollment.roster(t.db, actor(student), { courseId: course.id }), "FORBIDDEN");
  });
});

describe("setGlobalRole (operator)", () => {
  test("finds the account by email regardless of case and audits with no actor", async () => {
    const local = `grace-${uniqueSuffix()}`;
    const grace = await makeUser(t.db, { email: `${local}@example.com` });
    expect(await setGlobalRole(t.db, null, `${local.toUpperCase()}@EXAMPLE.com`, "instructor")).toBe(grace.id);
    expect(await t.sql`select role from "user" where id = ${grace.id}`).toEqual([{ role: "instructor" }]);
    expect(await auditFor(t, { targetId: grace.id })).toEqual([
      { actorId: null, action: "user.setRole", targetType: "user", targetId: grace.id, courseId: null, data: { role: "instructor" } },
    ]);
  });
});
