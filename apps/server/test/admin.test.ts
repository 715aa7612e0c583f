import { eventually } from "@codeclass/test-utils";
import { createFile } from "@codeclass/workspace-doc";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { browser, mailTo, signUpVerified, useServer } from "./helpers.ts";

const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;
const sql = () => server.platform.db.$client;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

let seq = 0;
const newEmail = (who: string) => `${who}-${Date.now().toString(36)}${seq++}@school.test`;
const password = "a-long-enough-password";

/** A signed-in browser with a fresh account of this global role. */
async function signedIn(role: "admin" | "instructor" | "student", name: string = role) {
  const b = browser(base);
  const email = newEmail(role);
  await signUpVerified(server, b, { name, email, password });
  await sql()`update "user" set role = ${role} where email = ${email}`;
  const [row] = await sql()`select id from "user" where email = ${email}`;
  return { b, email, id: row!.id as string };
}

/** The browser's way in to /collab: its session cookie on the upgrade request; `closes` collects the server's reasons. */
function openAsBrowser(b: ReturnType<typeof browser>, documentName: string) {
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${base().replace(/^http/, "ws")}/collab`, WebSocketPolyfill: CookieSocket });
  const doc = new Y.Doc();
  const closes: string[] = [];
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
    onClose: ({ event }) => void closes.push(event.reason),
  });
  provider.attach();
  cleanup.push(
    () => socket.destroy(),
    () => provider.destroy(),
  );
  return { provider, doc, closes };
}

const codeOf = (r: { body: { error?: { json: { data: { code: string } } } } }) => r.body.error?.json.data.code;

describe("admin procedures over HTTP", () => {
  test("the last admin cannot demote, disable or delete themself; better-auth's own admin endpoints are off", async () => {
    const admin = await signedIn("admin");
    const demote = await admin.b.mutate("admin.setRole", { userId: admin.id, role: "student" });
    expect([demote.status, codeOf(demote)]).toEqual([409, "CONFLICT"]);
    expect(demote.body.error!.json.message).toMatch(/last administrator/);
    for (const proc of ["admin.disable", "admin.deleteUser"])
      expect(codeOf(await admin.b.mutate(proc, { userId: admin.id }))).toBe("CONFLICT");
    expect(await sql()`select role, coalesce(banned, false) as banned from "user" where id = ${admin.id}`).toEqual([
      { role: "admin", banned: false },
    ]);
    for (const path of [
      "set-role",
      "ban-user",
      "remove-user",
      "impersonate-user",
      "list-user-sessions",
      "revoke-user-session",
      "revoke-user-sessions",
      "set-user-password",
      "update-user",
      "create-user",
    ]) {
      const res = await admin.b.post(`/api/auth/admin/${path}`, { userId: admin.id, role: "student" });
      expect(res.status, path).toBe(404);
    }
  });

  test("disable: the user's next API call is UNAUTHORIZED, their collaboration socket closes within 6 s, sign-in is refused; enable lets them back", async () => {
    const admin = await signedIn("admin");
    const teacher = await signedIn("instructor");
    const course = (await teacher.b.mutate("course.create", { code: `ADM-${Date.now().toString(36)}`, title: "Admin" })).body.result!.data
      .json;
    const student = await signedIn("student");
    await teacher.b.mutate("enrollment.add", { courseId: course.id, email: student.email });
    const ws = (await student.b.query("workspace.getOrCreate", { courseId: course.id })).body.result!.data.json;
    const live = openAsBrowser(student.b, ws.documentName);
    await eventually(() => expect(live.provider.isSynced).toBe(true), 10_000);
    createFile(live.doc, "main.py", "print(1)\n");

    const disabled = await admin.b.mutate("admin.disable", { userId: student.id, reason: "Left the school" });
    expect(disabled.body.result!.data.json).toMatchObject({ id: student.id, disabled: true });
    const started = Date.now();
    const next = await student.b.query("me.get");
    expect([next.status, codeOf(next)]).toEqual([401, "UNAUTHORIZED"]);
    await eventually(() => expect(live.closes.join()).toMatch(/signed out|revoked|banned/), 6_000, 100);
    expect(Date.now() - started).toBeLessThan(6_000);
    const again = await browser(base).post("/api/auth/sign-in/email", { email: student.email, password });
    expect(again.status).toBe(403);

    await admin.b.mutate("admin.enable", { userId: student.id });
    const back = browser(base);
    expect((await back.post("/api/auth/sign-in/email", { email: student.email, password })).status).toBe(200);
    expect((await back.query("me.get")).body.result!.data.json.id).toBe(student.id);
    const audit = await sql()`select action, actor_id from audit_log where target_id = ${student.id} and action like 'user.%' order by id`;
    expect(audit).toEqual([
      { action: "user.disable", actor_id: admin.id },
      { action: "user.enable", actor_id: admin.id },
    ]);
  });

  test("impersonation: a session marked as impersonated, recorded, without admin rights; stopping returns to the admin", async () => {
    const admin = await signedIn("admin");
    const student = await signedIn("student", "Sam Student");
    const res = await admin.b.mutate("admin.impersonate", { userId: student.id });
    expect(res.status).toBe(200);
    expect(res.body.result!.data.json).toMatchObject({ user: { id: student.id }, impersonatedBy: admin.id });
    // The same browser is now the student, and the session says who is behind it (the web's banner).
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(student.id);
    const session = (await (await admin.b.get("/api/auth/get-session")).json()) as {
      session: { impersonatedBy: string };
      user: { id: string };
    };
    expect(session).toMatchObject({ session: { impersonatedBy: admin.id }, user: { id: student.id } });
    expect(codeOf(await admin.b.query("admin.users", {}))).toBe("FORBIDDEN");
    expect(await sql()`select actor_id, action from audit_log where target_id = ${student.id}`).toEqual([
      { actor_id: admin.id, action: "user.impersonate" },
    ]);

    // better-auth's own endpoint is closed (it would skip the audit log); the procedure stops it.
    expect((await admin.b.post("/api/auth/admin/stop-impersonating", {})).status).toBe(404);
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(student.id);
    expect((await admin.b.mutate("admin.stopImpersonating", {})).status).toBe(200);
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(admin.id);
    expect(await sql()`select count(*)::int as n from session where user_id = ${student.id} and impersonated_by is not null`).toEqual([
      { n: 0 },
    ]);
  });

  test("acting as someone: audit rows name the admin behind it; their sessions and sign-in settings are off limits", async () => {
    const admin = await signedIn("admin");
    const teacher = await signedIn("instructor", "Tess Teacher");
    expect((await admin.b.mutate("admin.impersonate", { userId: teacher.id })).status).toBe(200);
    const made = await admin.b.mutate("course.create", { code: `IMP-${Date.now().toString(36)}`, title: "Made while acting" });
    expect(made.status).toBe(200);
    const courseId = made.body.result!.data.json.id as string;
    expect(
      await sql()`select actor_id, data->>'impersonatedBy' as by from audit_log where action = 'course.create' and target_id = ${courseId}`,
    ).toEqual([{ actor_id: teacher.id, by: admin.id }]);
    // The session list carries tokens that act as the user: not while acting as them; nor their password or second factor.
    for (const [path, body] of [
      ["/api/auth/list-sessions", null],
      ["/api/auth/revoke-other-sessions", {}],
      ["/api/auth/change-password", { currentPassword: password, newPassword: "taken over password" }],
      ["/api/auth/two-factor/enable", { password }],
    ] as const) {
      const res = body === null ? await admin.b.get(path) : await admin.b.post(path, body);
      expect([path, res.status]).toEqual([path, 403]);
      expect(((await res.json()) as { message: string }).message).toMatch(/stop acting as them first/);
    }
    // The same session as a bearer token (no cookie) is refused the same way.
    const signed = [...admin.b.cookies].find(([k]) => k.includes("session_token"))![1];
    const asBearer = await browser(base).get("/api/auth/list-sessions", { authorization: `Bearer ${signed}` });
    expect(asBearer.status).toBe(403);
    // Their own requests are theirs: nothing added; and the owner keeps every right to them.
    const own = await teacher.b.mutate("course.create", { code: `OWN-${Date.now().toString(36)}`, title: "Mine" });
    expect(await sql()`select data->>'impersonatedBy' as by from audit_log where target_id = ${own.body.result!.data.json.id}`).toEqual([
      { by: null },
    ]);
    expect((await teacher.b.get("/api/auth/list-sessions")).status).toBe(200);
    expect((await admin.b.mutate("admin.stopImpersonating", undefined)).status).toBe(200);
    expect((await admin.b.get("/api/auth/list-sessions")).status).toBe(200);
  });

  test("admin.stopImpersonating: the impersonation session ends, the browser is the admin again, and both are in the audit log", async () => {
    const admin = await signedIn("admin");
    const student = await signedIn("student", "Sam Student");
    expect((await admin.b.mutate("admin.impersonate", { userId: student.id })).status).toBe(200);
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(student.id);

    const stop = await admin.b.mutate("admin.stopImpersonating", undefined);
    expect(stop.status).toBe(200);
    expect(stop.body.result!.data.json).toEqual({ userId: student.id, adminId: admin.id });
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(admin.id);
    expect((await admin.b.query("admin.users", { q: student.email })).status).toBe(200);
    expect(await sql()`select count(*)::int as n from session where user_id = ${student.id} and impersonated_by is not null`).toEqual([
      { n: 0 },
    ]);
    const rows =
      await sql()`select actor_id, action, data->>'sessionId' as session from audit_log where target_id = ${student.id} order by id`;
    expect(rows.map((r) => [r.actor_id, r.action])).toEqual([
      [admin.id, "user.impersonate"],
      [admin.id, "user.stopImpersonating"],
    ]);
    expect(rows[1]!.session).toBe(rows[0]!.session);

    // The admin's own session is not an impersonation: nothing to stop, nothing recorded.
    const again = await admin.b.mutate("admin.stopImpersonating", undefined);
    expect([again.status, codeOf(again)]).toEqual([403, "FORBIDDEN"]);
    expect(again.body.error!.json.message).toMatch(/not impersonating anyone/);
    expect(await sql()`select count(*)::int as n from audit_log where target_id = ${student.id}`).toEqual([{ n: 2 }]);
    expect((await admin.b.query("me.get")).body.result!.data.json.id).toBe(admin.id);
  });

  test("send a reset link: the account gets better-auth's mail", async () => {
    const admin = await signedIn("admin");
    const student = await signedIn("student");
    const res = await admin.b.mutate("admin.sendResetLink", { userId: student.id });
    expect(res.body.result!.data.json).toEqual({ sentTo: student.email });
    await mailTo(server, student.email, /reset-password\//);
  });

  test("the audit CSV escapes a cell that starts with =", async () => {
    const admin = await signedIn("admin", '=HYPERLINK("http://evil.test","x")');
    const student = await signedIn("student");
    await admin.b.mutate("admin.setRole", { userId: student.id, role: "instructor" });
    const res = await admin.b.query("admin.auditCsv", { actorId: admin.id });
    const { csv, rows } = res.body.result!.data.json as { csv: string; rows: number };
    expect(rows).toBe(1);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("time,actor_id,actor_name,actor_email,action,target_type,target_id,course,data");
    // The name, quoted (it holds quotes and a comma) and led by an apostrophe: a spreadsheet shows it as text.
    expect(lines[1]).toContain(`,${admin.id},"'=HYPERLINK(""http://evil.test"",""x"")",${admin.email},user.setRole,user,${student.id},`);
    expect(csv).not.toMatch(/(^|,|")=/m);
  });

  test("non-admins are refused every admin procedure; anonymous callers are asked to sign in", async () => {
    const teacher = await signedIn("instructor");
    const stranger = browser(base);
    const calls: [string, "query" | "mutate", object][] = [
      ["admin.users", "query", {}],
      ["admin.courses", "query", {}],
      ["admin.audit", "query", {}],
      ["admin.auditCsv", "query", {}],
      ["admin.setRole", "mutate", { userId: teacher.id, role: "admin" }],
      ["admin.disable", "mutate", { userId: teacher.id }],
      ["admin.enable", "mutate", { userId: teacher.id }],
      ["admin.sendResetLink", "mutate", { userId: teacher.id }],
      ["admin.impersonate", "mutate", { userId: teacher.id }],
      ["admin.deleteUser", "mutate", { userId: teacher.id }],
    ];
    for (const [proc, kind, input] of calls) {
      expect(codeOf(await teacher.b[kind](proc, input)), proc).toBe("FORBIDDEN");
      expect(codeOf(await stranger[kind](proc, input)), proc).toBe("UNAUTHORIZED");
    }
    expect(await sql()`select role from "user" where id = ${teacher.id}`).toEqual([{ role: "instructor" }]);
  });
});
