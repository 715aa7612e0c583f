import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { actor, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();

describe("admin.listCourses", () => {
  test("every course, searched by code or title, with instructors and member counts; archived ones on request", async () => {
    const me = actor(await makeUser(t.db, { role: "admin" }));
    const tag = uniqueSuffix().toUpperCase();
    const ada = await makeUser(t.db, { role: "instructor", name: "Ada" });
    const bob = await makeUser(t.db, { role: "instructor", name: "Bob" });
    const open = await makeCourse(t.db, bob, { code: `B-${tag}`, title: "Algorithms" });
    await enroll(t.db, open.id, ada.id, "instructor");
    for (const role of ["student", "student", "ta"] as const) await enroll(t.db, open.id, (await makeUser(t.db)).id, role);
    const archived = await makeCourse(t.db, ada, { code: `A-${tag}`, title: `Old ${tag}`, archived: true });
    await makeCourse(t.db, ada, { code: `Z-${uniqueSuffix()}`, title: "Elsewhere" });

    const found = await services.admin.listCourses(t.db, me, { q: tag.toLowerCase() });
    expect(found.total).toBe(2);
    expect(found.courses.map((c) => c.code)).toEqual([archived.code, open.code]);
    expect(found.courses[1]).toMatchObject({
      id: open.id,
      title: "Algorithms",
      archivedAt: null,
      instructors: [
        { id: ada.id, name: "Ada", email: ada.email },
        { id: bob.id, name: "Bob", email: bob.email },
      ],
      students: 2,
      tas: 1,
    });
    expect((await services.admin.listCourses(t.db, me, { q: tag, archived: false })).courses.map((c) => c.id)).toEqual([open.id]);
    expect((await services.admin.listCourses(t.db, me, { q: tag, archived: true })).courses.map((c) => c.id)).toEqual([archived.id]);
    expect((await services.admin.listCourses(t.db, me, { q: `Old ${tag}` })).courses.map((c) => c.id)).toEqual([archived.id]);
    const paged = await services.admin.listCourses(t.db, me, { pageSize: 1, page: 2 });
    expect(paged.courses).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(3);
  });

  test("refuses non-admins, even the course's own instructor", async () => {
    const teacher = await makeUser(t.db, { role: "instructor" });
    await makeCourse(t.db, teacher);
    await serviceError(services.admin.listCourses(t.db, actor(teacher), {}), "FORBIDDEN");
  });
});

describe("admin.listAudit and admin.exportAuditCsv", () => {
  async function seed() {
    const me = actor(await makeUser(t.db, { role: "admin" }));
    const victim = await makeUser(t.db, { name: '=HYPERLINK("http://evil.test","click")' });
    await services.admin.setRole(t.db, me, { userId: victim.id, role: "instructor" });
    await services.admin.disable(t.db, me, { userId: victim.id, reason: "+1 spam, -2 @once" });
    await services.admin.enable(t.db, me, { userId: victim.id });
    const other = actor(await makeUser(t.db, { role: "admin" }));
    const course = await makeCourse(t.db, undefined);
    await services.course.archive(t.db, other, { courseId: course.id, archived: true });
    return { me, victim, other, course };
  }

  test("filters by actor, action prefix, target and dates; newest first; paged with a total", async () => {
    const { me, victim, other, course } = await seed();
    const mine = await services.admin.listAudit(t.db, me, { actorId: me.id });
    expect(mine.total).toBe(3);
    expect(mine.entries.map((e) => e.action)).toEqual(["user.enable", "user.disable", "user.setRole"]);
    expect(mine.entries[0]).toMatchObject({ actorId: me.id, targetType: "user", targetId: victim.id, courseCode: null });
    const userActions = await services.admin.listAudit(t.db, me, { action: "user.", targetId: victim.id, pageSize: 2 });
    expect(userActions).toMatchObject({ total: 3, pageSize: 2 });
    expect(userActions.entries).toHaveLength(2);
    const archived = await services.admin.listAudit(t.db, me, { actorId: other.id });
    expect(archived.entries).toEqual([
      expect.objectContaining({ action: "course.archive", targetType: "course", targetId: course.id, courseCode: course.code }),
    ]);
    // "%" in a prefix is a plain character, not a wildcard.
    expect((await services.admin.listAudit(t.db, me, { action: "%" })).total).toBe(0);
    const future = new Date(Date.now() + 60_000);
    expect((await services.admin.listAudit(t.db, me, { actorId: me.id, from: future })).total).toBe(0);
    expect((await services.admin.listAudit(t.db, me, { actorId: me.id, to: future })).total).toBe(3);
  });

  test("the CSV has every matching row, and cells that start a formula are escaped", async () => {
    const { me, victim } = await seed();
    await t.sql`insert into audit_log (actor_id, action, target_type, target_id, data) values (${me.id}, '=cmd|'' /C calc''!A0', '@user', '-1', '{}'::jsonb)`;
    const exported = await services.admin.exportAuditCsv(t.db, me, { actorId: me.id });
    expect(exported).toMatchObject({ rows: 4, truncated: false, filename: expect.stringMatching(/^audit-\d{4}-\d{2}-\d{2}\.csv$/) });
    const records = parse(exported.csv) as string[][];
    expect(records[0]).toEqual(["time", "actor_id", "actor_name", "actor_email", "action", "target_type", "target_id", "course", "data"]);
    expect(records[1]!.slice(4, 7)).toEqual(["'=cmd|' /C calc'!A0", "'@user", "'-1"]);
    const disable = records.find((r) => r[4] === "user.disable")!;
    expect(disable[6]).toBe(victim.id);
    expect(JSON.parse(disable[8]!)).toEqual({ reason: "+1 spam, -2 @once", sessionsEnded: 0 });
    // No cell of the file starts a formula.
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  test("refuses non-admins", async () => {
    const student = actor(await makeUser(t.db));
    await serviceError(services.admin.listAudit(t.db, student, {}), "FORBIDDEN");
    await serviceError(services.admin.exportAuditCsv(t.db, student, {}), "FORBIDDEN");
  });
});
