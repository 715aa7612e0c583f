import * as services from "@codeclass/services";
import { enroll, makeCourse, makeSession, makeUser, testAuth, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { actor, auditFor, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();
/** A real better-auth on the test database (made once the database is there); mail lands in its outbox. */
let auth: ReturnType<typeof testAuth>["auth"];
let outbox: ReturnType<typeof testAuth>["outbox"];
beforeAll(() => {
  ({ auth, outbox } = testAuth(t.db));
});

const userRow = async (id: string) =>
  (await t.sql`select role, banned, ban_reason from "user" where id = ${id}`)[0] as
    | { role: string; banned: boolean; ban_reason: string | null }
    | undefined;
const sessionsOf = async (id: string) => (await t.sql`select count(*)::int as n from session where user_id = ${id}`)[0]!.n as number;

async function admin() {
  return actor(await makeUser(t.db, { role: "admin" }));
}

describe("admin.listUsers", () => {
  test("finds a part of a name or email, any case, and counts every match", async () => {
    const me = await admin();
    const tag = uniqueSuffix();
    const ada = await makeUser(t.db, { name: `Ada Lovelace ${tag}`, email: `ada-${tag}@school.test` });
    const grace = await makeUser(t.db, { name: `Grace ${tag}`, email: `hopper-${tag}@school.test`, role: "instructor" });
    await makeUser(t.db, { name: "Unrelated", email: `x-${uniqueSuffix()}@school.test` });
    const byName = await services.admin.listUsers(t.db, me, { q: `LOVELACE ${tag.toUpperCase()}` });
    expect(byName.users.map((u) => u.id)).toEqual([ada.id]);
    expect(byName.total).toBe(1);
    const byEmail = await services.admin.listUsers(t.db, me, { q: `hopper-${tag}@` });
    expect(byEmail.users).toEqual([
      expect.objectContaining({ id: grace.id, email: grace.email, role: "instructor", disabled: false, lastActiveAt: null }),
    ]);
    const both = await services.admin.listUsers(t.db, me, { q: tag, sort: "email", order: "desc" });
    expect(both.users.map((u) => u.id)).toEqual([grace.id, ada.id]);
  });

  test("LIKE wildcards in the search are plain characters", async () => {
    const me = await admin();
    await makeUser(t.db, { name: `Plain ${uniqueSuffix()}` });
    expect((await services.admin.listUsers(t.db, me, { q: "%" })).total).toBe(0);
    const odd = await makeUser(t.db, { name: `100%_sure ${uniqueSuffix()}` });
    expect((await services.admin.listUsers(t.db, me, { q: "0%_s" })).users.map((u) => u.id)).toEqual([odd.id]);
  });

  test("filters by role, disabled and last activity, pages in order with the total", async () => {
    const me = await admin();
    const tag = uniqueSuffix();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeUser(t.db, { name: `Pager ${tag} ${i}`, role: "instructor" }));
    await t.sql`update "user" set banned = true where id = ${made[1]!.id}`;
    await t.sql`update "user" set last_active_at = now() - interval '40 days' where id = ${made[2]!.id}`;
    await t.sql`update "user" set last_active_at = now() - interval '1 day' where id = ${made[3]!.id}`;
    const page1 = await services.admin.listUsers(t.db, me, { q: `Pager ${tag}`, pageSize: 2, page: 1 });
    const page3 = await services.admin.listUsers(t.db, me, { q: `Pager ${tag}`, pageSize: 2, page: 3 });
    expect(page1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.users.map((u) => u.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(page3.users.map((u) => u.id)).toEqual([made[4]!.id]);
    const disabled = await services.admin.listUsers(t.db, me, { q: tag, disabled: true });
    expect(disabled.users.map((u) => u.id)).toEqual([made[1]!.id]);
    expect(disabled.users[0]!.disabled).toBe(true);
    expect((await services.admin.listUsers(t.db, me, { q: tag, disabled: false })).total).toBe(4);
    const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
    expect((await services.admin.listUsers(t.db, me, { q: tag, activeSince: weekAgo })).users.map((u) => u.id)).toEqual([made[3]!.id]);
    expect((await services.admin.listUsers(t.db, me, { q: tag, inactiveSince: weekAgo })).total).toBe(4);
    const recent = await services.admin.listUsers(t.db, me, { q: tag, sort: "lastActiveAt", order: "desc" });
    expect(recent.users.map((u) => u.id).slice(0, 2)).toEqual([made[3]!.id, made[2]!.id]);
    expect((await services.admin.listUsers(t.db, me, { q: tag, role: "student" })).total).toBe(0);
  });

  test("refuses non-admins and bad input", async () => {
    for (const role of ["instructor", "student"] as const)
      await serviceError(services.admin.listUsers(t.db, actor(await makeUser(t.db, { role })), {}), "FORBIDDEN");
    await expect(services.admin.listUsers(t.db, await admin(), { pageSize: 1000 })).rejects.toThrow(ZodError);
  });
});

describe("admin.setRole", () => {
  test("changes the global role and records from and to", async () => {
    const me = await admin();
    const u = await makeUser(t.db);
    expect(await services.admin.setRole(t.db, me, { userId: u.id, role: "instructor" })).toMatchObject({ id: u.id, role: "instructor" });
    expect((await userRow(u.id))!.role).toBe("instructor");
    await services.admin.setRole(t.db, me, { userId: u.id, role: "instructor" });
    expect(await auditFor(t, { targetId: u.id })).toEqual([
      {
        actorId: me.id,
        action: "user.setRole",
        targetType: "user",
        targetId: u.id,
        courseId: null,
        data: { from: "student", to: "instructor" },
      },
    ]);
  });

  test("an unknown account is NOT_FOUND; non-admins are refused and change nothing", async () => {
    await serviceError(services.admin.setRole(t.db, await admin(), { userId: "nobody", role: "admin" }), "NOT_FOUND");
    const u = await makeUser(t.db);
    const instructor = actor(await makeUser(t.db, { role: "instructor" }));
    await serviceError(services.admin.setRole(t.db, instructor, { userId: u.id, role: "admin" }), "FORBIDDEN");
    await serviceError(services.admin.setRole(t.db, actor(u), { userId: u.id, role: "admin" }), "FORBIDDEN");
    expect((await userRow(u.id))!.role).toBe("student");
  });
});

describe("admin.disable and admin.enable", () => {
  test("disable bans the account and ends its sessions at once; enable lets it sign in again", async () => {
    const me = await admin();
    const u = await makeUser(t.db);
    await makeSession(t.db, u.id);
    await makeSession(t.db, u.id);
    const disabled = await services.admin.disable(t.db, me, { userId: u.id, reason: "Left the school" });
    expect(disabled).toMatchObject({ id: u.id, disabled: true, disabledReason: "Left the school" });
    expect(await sessionsOf(u.id)).toBe(0);
    expect(await userRow(u.id)).toEqual({ role: "student", banned: true, ban_reason: "Left the school" });
    // better-auth's admin plugin refuses a new session for a banned user.
    await expect(auth.api.signInEmail({ body: { email: u.email, password: "whatever-pass" } })).rejects.toThrow();
    expect(await services.admin.enable(t.db, me, { userId: u.id })).toMatchObject({ disabled: false, disabledReason: null });
    expect((await auditFor(t, { targetId: u.id })).map((a) => [a.action, a.data])).toEqual([
      ["user.disable", { reason: "Left the school", sessionsEnded: 2 }],
      ["user.enable", {}],
    ]);
  });

  test("an admin cannot disable themself; non-admins are refused", async () => {
    const me = await admin();
    await makeSession(t.db, me.id);
    const error = await serviceError(services.admin.disable(t.db, me, { userId: me.id }), "CONFLICT");
    expect(error.detail).toMatch(/cannot disable your own account/);
    expect(await sessionsOf(me.id)).toBe(1);
    const u = await makeUser(t.db);
    await serviceError(services.admin.disable(t.db, actor(await makeUser(t.db, { role: "instructor" })), { userId: u.id }), "FORBIDDEN");
    await serviceError(services.admin.enable(t.db, actor(u), { userId: u.id }), "FORBIDDEN");
    expect((await userRow(u.id))!.banned).toBe(false);
  });
});

describe("admin.sendResetLink", () => {
  test("mails better-auth's reset link to the account and records it", async () => {
    const me = await admin();
    const u = await makeUser(t.db);
    expect(await services.admin.sendResetLink(t.db, me, { userId: u.id }, { requestPasswordReset: mailReset })).toEqual({
      sentTo: u.email,
    });
    expect(outbox.findLast((m) => m.to === u.email)?.text).toMatch(/reset-password\//);
    expect((await auditFor(t, { targetId: u.id })).map((a) => a.action)).toEqual(["user.sendResetLink"]);
  });

  test("a disabled account gets nothing, and a failed mail leaves no audit row", async () => {
    const me = await admin();
    const u = await makeUser(t.db);
    await services.admin.disable(t.db, me, { userId: u.id });
    await serviceError(services.admin.sendResetLink(t.db, me, { userId: u.id }, { requestPasswordReset: mailReset }), "CONFLICT");
    const v = await makeUser(t.db);
    const failing = { requestPasswordReset: async () => Promise.reject(new Error("SMTP down")) };
    await expect(services.admin.sendResetLink(t.db, me, { userId: v.id }, failing)).rejects.toThrow("SMTP down");
    expect(await auditFor(t, { targetId: v.id })).toEqual([]);
    expect(outbox.some((m) => m.to === u.email || m.to === v.email)).toBe(false);
  });
});

describe("admin.impersonate", () => {
  const startWith = (token: string) => ({
    start: async (userId: string) => {
      const { session } = await auth.api.impersonateUser({ headers: new Headers({ authorization: `Bearer ${token}` }), body: { userId } });
      return { sessionId: session.id, expiresAt: session.expiresAt };
    },
  });

  test("opens a session marked as impersonated by the admin and records it", async () => {
    const adminUser = await makeUser(t.db, { role: "admin" });
    const u = await makeUser(t.db);
    const result = await services.admin.impersonate(
      t.db,
      actor(adminUser),
      { userId: u.id },
      startWith(await makeSession(t.db, adminUser.id)),
    );
    expect(result).toMatchObject({ user: { id: u.id }, impersonatedBy: adminUser.id });
    const [s] = await t.sql`select id, impersonated_by, expires_at from session where user_id = ${u.id}`;
    expect(s!.impersonated_by).toBe(adminUser.id);
    expect(new Date(s!.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(await auditFor(t, { targetId: u.id })).toEqual([
      expect.objectContaining({ actorId: adminUser.id, action: "user.impersonate", data: expect.objectContaining({ sessionId: s!.id }) }),
    ]);
    // The impersonated user's activity is not touched by it.
    expect((await t.sql`select last_active_at from "user" where id = ${u.id}`)[0]!.last_active_at).toBeNull();
  });

  test("admins and oneself cannot be impersonated; non-admins are refused; nothing is written", async () => {
    const adminUser = await makeUser(t.db, { role: "admin" });
    const deps = startWith(await makeSession(t.db, adminUser.id));
    const other = await makeUser(t.db, { role: "admin" });
    await serviceError(services.admin.impersonate(t.db, actor(adminUser), { userId: other.id }, deps), "FORBIDDEN");
    await serviceError(services.admin.impersonate(t.db, actor(adminUser), { userId: adminUser.id }, deps), "CONFLICT");
    const u = await makeUser(t.db);
    const instructor = await makeUser(t.db, { role: "instructor" });
    await serviceError(
      services.admin.impersonate(t.db, actor(instructor), { userId: u.id }, startWith(await makeSession(t.db, instructor.id))),
      "FORBIDDEN",
    );
    expect(
      await t.sql`select id from session where impersonated_by is not null and user_id in (${other.id}, ${adminUser.id}, ${u.id})`,
    ).toEqual([]);
    expect(await auditFor(t, { targetId: u.id })).toEqual([]);
  });
});

describe("admin.deleteUser", () => {
  test("deletes the account with its sessions, enrollments, workspaces and runs; others' records keep a null author", async () => {
    const me = await admin();
    const teacher = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, teacher);
    const gone = await makeUser(t.db, { role: "instructor" });
    await enroll(t.db, course.id, gone.id, "instructor");
    const own = await makeCourse(t.db, undefined);
    await t.sql`update courses set created_by = ${gone.id} where id = ${own.id}`;
    await makeSession(t.db, gone.id);
    const [ws] = await t.sql`insert into workspaces (course_id, owner_id, kind) values (${course.id}, ${gone.id}, 'student') returning id`;
    const [demo] =
      await t.sql`insert into workspaces (course_id, kind, last_edit_by) values (${course.id}, 'demo', ${gone.id}) returning id`;
    await t.sql`insert into workspace_updates (workspace_id, author_id, update, bytes) values (${demo!.id}, ${gone.id}, ${Buffer.from([0, 0])}, 2)`;
    await t.sql`insert into runs (user_id, course_id, language, files, files_hash) values (${gone.id}, ${course.id}, 'python', '[]'::jsonb, 'x')`;
    await t.sql`insert into audit_log (actor_id, action, target_type, target_id) values (${gone.id}, 'course.update', 'course', ${course.id})`;

    expect(await services.admin.deleteUser(t.db, me, { userId: gone.id })).toEqual({ deleted: gone.id });
    expect(await t.sql`select id from "user" where id = ${gone.id}`).toEqual([]);
    expect(await sessionsOf(gone.id)).toBe(0);
    expect(await t.sql`select 1 from enrollments where user_id = ${gone.id}`).toEqual([]);
    expect(await t.sql`select 1 from workspaces where id = ${ws!.id}`).toEqual([]);
    expect(await t.sql`select 1 from runs where user_id = ${gone.id}`).toEqual([]);
    expect(await t.sql`select last_edit_by from workspaces where id = ${demo!.id}`).toEqual([{ last_edit_by: null }]);
    expect(await t.sql`select author_id from workspace_updates where workspace_id = ${demo!.id}`).toEqual([{ author_id: null }]);
    expect(await t.sql`select created_by from courses where id = ${own.id}`).toEqual([{ created_by: null }]);
    expect(await t.sql`select actor_id from audit_log where action = 'course.update' and target_id = ${course.id}`).toEqual([
      { actor_id: null },
    ]);
    expect(await auditFor(t, { targetId: gone.id })).toEqual([
      {
        actorId: me.id,
        action: "user.delete",
        targetType: "user",
        targetId: gone.id,
        courseId: null,
        data: { email: gone.email, name: gone.name, role: "instructor" },
      },
    ]);
  });

  test("never oneself, never a course's only instructor, never by a non-admin", async () => {
    const me = await admin();
    await serviceError(services.admin.deleteUser(t.db, me, { userId: me.id }), "CONFLICT");
    const teacher = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, teacher);
    const error = await serviceError(services.admin.deleteUser(t.db, me, { userId: teacher.id }), "CONFLICT");
    expect(error.detail).toBe(`is the only instructor of ${course.code}: make someone else its instructor first`);
    const u = await makeUser(t.db);
    await serviceError(services.admin.deleteUser(t.db, actor(teacher), { userId: u.id }), "FORBIDDEN");
    expect(await t.sql`select id from "user" where id in (${me.id}, ${teacher.id}, ${u.id})`).toHaveLength(3);
  });
});

async function mailReset(email: string) {
  await auth.api.requestPasswordReset({ body: { email, redirectTo: "/reset-password" } });
}
