import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor, auditFor, enrollmentsOf, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();

const courseRowsWithCode = (code: string) => t.sql`select id from courses where lower(code) = lower(${code})`;

describe("course.create", () => {
  test.each(["instructor", "admin"] as const)(
    "an %s creates a course, becomes its only instructor, and one audit row records it",
    async (role) => {
      const creator = await makeUser(t.db, { role });
      const code = `CS-${uniqueSuffix()}`;
      const course = await services.course.create(t.db, actor(creator), { code: `  ${code} `, title: " Intro ", term: "2026F" });

      expect(course).toMatchObject({ code, title: "Intro", term: "2026F", description: "", archivedAt: null });
      expect(await enrollmentsOf(t, course.id)).toEqual([{ userId: creator.id, role: "instructor" }]);
      expect(await auditFor(t, { courseId: course.id })).toEqual([
        { actorId: creator.id, action: "course.create", targetType: "course", targetId: course.id, courseId: course.id, data: { code } },
      ]);
    },
  );

  test("a student may not create a course, and nothing is written", async () => {
    const student = await makeUser(t.db);
    const code = `CS-${uniqueSuffix()}`;
    await serviceError(services.course.create(t.db, actor(student), { code, title: "Mine" }), "FORBIDDEN");
    expect(await courseRowsWithCode(code)).toEqual([]);
    expect(await auditFor(t, { targetId: student.id })).toEqual([]);
  });

  test("a code already used in another case is CONFLICT on the code field, and nothing is written", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const code = `cs101-${uniqueSuffix()}`;
    await services.course.create(t.db, actor(instructor), { code, title: "First" });
    const [audit] = await t.sql`select count(*)::int as n from audit_log`;

    const error = await serviceError(
      services.course.create(t.db, actor(instructor), { code: code.toUpperCase(), title: "Second" }),
      "CONFLICT",
    );
    expect(error.field).toBe("code");
    expect(await courseRowsWithCode(code)).toHaveLength(1);
    expect(await t.sql`select count(*)::int as n from audit_log`).toEqual([audit]);
  });
});

describe("course.update", () => {
  test("an instructor's edit is saved and audited with the changes", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const updated = await services.course.update(t.db, actor(instructor), { courseId: course.id, title: "Renamed", term: "2027S" });

    expect(updated).toMatchObject({ id: course.id, code: course.code, title: "Renamed", term: "2027S" });
    const audit = await auditFor(t, { courseId: course.id });
    expect(audit).toEqual([
      expect.objectContaining({ actorId: instructor.id, action: "course.update", targetType: "course", targetId: course.id }),
    ]);
    expect(audit[0]!.data.changes).toMatchObject({ title: "Renamed", term: "2027S" });
  });

  test("a TA may not edit the course, and nothing is written", async () => {
    const course = await makeCourse(t.db, await makeUser(t.db, { role: "instructor" }), { title: "Original" });
    const ta = await makeUser(t.db);
    await enroll(t.db, course.id, ta.id, "ta");
    await serviceError(services.course.update(t.db, actor(ta), { courseId: course.id, title: "Hijacked" }), "FORBIDDEN");
    expect(await t.sql`select title from courses where id = ${course.id}`).toEqual([{ title: "Original" }]);
    expect(await auditFor(t, { courseId: course.id })).toEqual([]);
  });
});

describe("course.archive", () => {
  test("archive and restore are audited once each, and repeating either changes nothing", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const me = actor(instructor);
    const actions = async () =>
      (await auditFor(t, { courseId: course.id })).map((r) => `${r.action} by ${r.actorId === me.id ? "me" : r.actorId}`);

    const archived = await services.course.archive(t.db, me, { courseId: course.id });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const again = await services.course.archive(t.db, me, { courseId: course.id, archived: true });
    expect(again.archivedAt).toEqual(archived.archivedAt);
    expect(await actions()).toEqual(["course.archive by me"]);

    const restored = await services.course.archive(t.db, me, { courseId: course.id, archived: false });
    expect(restored.archivedAt).toBeNull();
    await services.course.archive(t.db, me, { courseId: course.id, archived: false });
    expect(await actions()).toEqual(["course.archive by me", "course.restore by me"]);
    expect(await t.sql`select archived_at from courses where id = ${course.id}`).toEqual([{ archived_at: null }]);
  });

  test("a student may not archive, and nothing is written", async () => {
    const course = await makeCourse(t.db, await makeUser(t.db, { role: "instructor" }));
    const student = await makeUser(t.db);
    await enroll(t.db, course.id, student.id, "student");
    await serviceError(services.course.archive(t.db, actor(student), { courseId: course.id }), "FORBIDDEN");
    expect(await t.sql`select archived_at from courses where id = ${course.id}`).toEqual([{ archived_at: null }]);
    expect(await auditFor(t, { courseId: course.id })).toEqual([]);
  });
});

describe("course.listMine and course.get", () => {
  test("archived courses are hidden unless asked for", async () => {
    const student = await makeUser(t.db);
    const teacher = await makeUser(t.db, { role: "instructor" });
    const suffix = uniqueSuffix();
    const archived = await makeCourse(t.db, teacher, { code: `A-${suffix}`, archived: true });
    const active = await makeCourse(t.db, teacher, { code: `B-${suffix}` });
    await makeCourse(t.db, teacher, { code: `C-${suffix}` }); // not the student's
    await enroll(t.db, archived.id, student.id, "student");
    await enroll(t.db, active.id, student.id, "ta");

    // The order of active and archived courses is not specified, so compare sorted by id.
    const listed = async (input?: { includeArchived: boolean }) =>
      (await services.course.listMine(t.db, actor(student), input))
        .map((c) => ({ id: c.id, role: c.role, archived: c.archivedAt !== null }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(await listed()).toEqual([{ id: active.id, role: "ta", archived: false }]);
    expect(await listed({ includeArchived: false })).toEqual([{ id: active.id, role: "ta", archived: false }]);
    expect(await listed({ includeArchived: true })).toEqual(
      [
        { id: active.id, role: "ta", archived: false },
        { id: archived.id, role: "student", archived: true },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  test("course.get tells each caller their role and what they may do", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const ta = await makeUser(t.db);
    await enroll(t.db, course.id, ta.id, "ta");
    const admin = await makeUser(t.db, { role: "admin" });
    const view = async (u: Parameters<typeof actor>[0]) => {
      const { myRole, canManage, canSeeRoster, course: c } = await services.course.get(t.db, actor(u), { courseId: course.id });
      expect(c.id).toBe(course.id);
      return { myRole, canManage, canSeeRoster };
    };
    expect(await view(instructor)).toEqual({ myRole: "instructor", canManage: true, canSeeRoster: true });
    expect(await view(ta)).toEqual({ myRole: "ta", canManage: false, canSeeRoster: true });
    expect(await view(admin)).toEqual({ myRole: null, canManage: true, canSeeRoster: true });
    await serviceError(services.course.get(t.db, actor(await makeUser(t.db)), { courseId: course.id }), "FORBIDDEN");
  });
});
