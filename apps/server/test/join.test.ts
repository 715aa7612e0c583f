import { describe, expect, test } from "vitest";
import { browser, signUpVerified, useServer, verifyEmailByMail } from "./helpers.ts";

const server = useServer();
const base = () => server.url;
let n = 0;
const newEmail = (who: string) => `${who}${Date.now().toString(36)}${n++}@school.test`;
const sql = () => server.platform.db.$client;

/** A verified instructor (real HTTP sign-up and mailed link) with a fresh course, its join code and link turned on. */
async function instructorWithCourse() {
  const teacher = browser(base);
  const email = newEmail("teacher");
  await signUpVerified(server, teacher, { name: "Teacher", email, password: "teach-me-please" });
  await sql()`update "user" set role = 'instructor' where email = ${email}`;
  const created = await teacher.mutate("course.create", { code: `JN-${Date.now().toString(36)}${n++}`, title: "Joinable" });
  expect(created.status).toBe(200);
  const courseId = created.body.result!.data.json.id as string;
  expect((await teacher.mutate("invite.update", { courseId, kind: "code", enabled: true })).status).toBe(200);
  const settings = await teacher.mutate("invite.update", { courseId, kind: "link", enabled: true });
  const { code, link } = settings.body.result!.data.json;
  return { teacher, courseId, code: code.secret as string, token: link.secret as string, url: link.url as string };
}

const membersOf = async (courseId: string) =>
  (await sql()`select count(*)::int as n from enrollments where course_id = ${courseId} and role = 'student'`)[0]!.n as number;

/** A student who signs up and verifies through the mailed link. */
async function verifiedStudent(who: string) {
  const b = browser(base);
  await signUpVerified(server, b, { name: `Student ${who}`, email: newEmail(who), password: "my-password-123" });
  return b;
}

describe("a class enrolls itself", () => {
  test("40 students sign up, verify and join with the code at once, and 40 more through the invitation link, all within a minute", async () => {
    const { courseId, code, token, url } = await instructorWithCourse();
    expect(url).toBe(`${base()}/join/${token}`);
    const started = performance.now();
    const students = await Promise.all(Array.from({ length: 80 }, (_, i) => verifiedStudent(`s${i}-`)));
    const [byCode, byLink] = [students.slice(0, 40), students.slice(40)];
    const signedUp = performance.now();
    // All 80 join at the same moment.
    const answers = await Promise.all([
      ...byCode.map((b) => b.mutate("invite.joinWithCode", { code: code.toLowerCase() })),
      ...byLink.map((b) => b.mutate("invite.joinWithLink", { token })),
    ]);
    const joined = performance.now();
    const joinSeconds = (joined - signedUp) / 1000;
    const seconds = (joined - started) / 1000;
    console.log(
      `80 students signed up and verified in ${((signedUp - started) / 1000).toFixed(1)} s, then joined at once in ${joinSeconds.toFixed(1)} s`,
    );
    expect(answers.map((a) => a.status)).toEqual(Array(80).fill(200));
    expect(answers.map(({ body }) => body.result?.data.json)).toEqual(
      Array(80).fill(expect.objectContaining({ joined: true, role: "student", pending: false })),
    );
    expect(await membersOf(courseId)).toBe(80);
    expect(
      await sql()`select data->>'via' as via, count(*)::int as n from audit_log where course_id = ${courseId} and action = 'invite.join' group by 1 order by 1`,
    ).toEqual([
      { via: "code", n: 40 },
      { via: "link", n: 40 },
    ]);
    // Joining: within a minute (a few seconds in practice). Sign-up and verification before it are better-auth's
    // password hashing and mail (~40 s for 80 on a loaded 2-core machine): the whole run has headroom for a shared box.
    expect(joinSeconds).toBeLessThan(60);
    expect(seconds).toBeLessThan(120);
  }, 180_000);

  test("joining before verifying enrolls, but the course opens only once the address is confirmed", async () => {
    const { courseId, code } = await instructorWithCourse();
    const b = browser(base);
    const email = newEmail("early");
    expect((await b.post("/api/auth/sign-up/email", { name: "Early", email, password: "my-password-123" })).status).toBe(200);
    const joined = await b.mutate("invite.joinWithCode", { code });
    expect(joined.body.result!.data.json).toMatchObject({
      joined: true,
      pending: true,
      notice: expect.stringMatching(/confirm your email/),
    });
    expect((await b.query("course.get", { courseId })).body.error?.json.data.code).toBe("FORBIDDEN");
    await verifyEmailByMail(server, email);
    expect((await b.query("course.get", { courseId })).body.result!.data.json.myRole).toBe("student");
  });
});

describe("refusals", () => {
  test("a disabled, expired or regenerated code or link is refused with a plain reason", async () => {
    const { teacher, courseId, code, token } = await instructorWithCourse();
    const s = browser(base);
    await signUpVerified(server, s, { name: "Late", email: newEmail("late"), password: "my-password-123" });

    await teacher.mutate("invite.update", { courseId, kind: "code", enabled: false });
    const off = await s.mutate("invite.joinWithCode", { code });
    expect(off.status).toBe(409);
    expect(off.body.error!.json.message).toMatch(/code is turned off: ask your instructor/);

    // An expiry travels as an ISO string over plain JSON.
    const soon = new Date(Date.now() + 3600_000).toISOString();
    expect((await teacher.mutate("invite.update", { courseId, kind: "code", enabled: true, expiresAt: soon })).status).toBe(200);
    await sql()`update course_join_secrets set expires_at = now() - interval '1 minute' where course_id = ${courseId} and kind = 'code'`;
    const expired = await s.mutate("invite.joinWithCode", { code });
    expect(expired.status).toBe(409);
    expect(expired.body.error!.json.message).toMatch(/expired on/);

    await teacher.mutate("invite.update", { courseId, kind: "code", expiresAt: null });
    const regenerated = await teacher.mutate("invite.regenerate", { courseId, kind: "code" });
    const fresh = regenerated.body.result!.data.json.code.secret as string;
    expect(fresh).not.toBe(code);
    const old = await s.mutate("invite.joinWithCode", { code });
    expect(old.status).toBe(404);
    expect(old.body.error!.json.message).toMatch(/^code is not the join code of any course/);

    await teacher.mutate("invite.regenerate", { courseId, kind: "link" });
    expect((await s.mutate("invite.joinWithLink", { token })).status).toBe(404);
    expect(await membersOf(courseId)).toBe(0);
    expect((await s.mutate("invite.joinWithCode", { code: fresh })).status).toBe(200);
    expect(await membersOf(courseId)).toBe(1);
  });

  test("guessing: after 10 wrong codes a user is refused with 429, even with the right code; other users are not", async () => {
    const { courseId, code } = await instructorWithCourse();
    const guesser = browser(base);
    await signUpVerified(server, guesser, { name: "Guesser", email: newEmail("guess"), password: "my-password-123" });
    const wrong = await Promise.all(
      Array.from({ length: 12 }, (_, i) => guesser.mutate("invite.joinWithCode", { code: `ZZZZ${(1000 + i).toString()}`.slice(0, 8) })),
    );
    expect(wrong.map((r) => r.status).sort()).toEqual([...Array(10).fill(404), 429, 429]);
    const locked = await guesser.mutate("invite.joinWithCode", { code });
    expect(locked.status).toBe(429);
    expect(locked.body.error!.json.message).toMatch(/Too many wrong join codes or links: try again in 1[45] minutes/);
    const honest = browser(base);
    await signUpVerified(server, honest, { name: "Honest", email: newEmail("honest"), password: "my-password-123" });
    expect((await honest.mutate("invite.joinWithCode", { code })).status).toBe(200);
    expect(await membersOf(courseId)).toBe(1);
  });

  test("a student cannot read or change the settings, nor can an instructor of another course; anonymous callers must sign in", async () => {
    const { courseId, code } = await instructorWithCourse();
    const s = browser(base);
    await signUpVerified(server, s, { name: "Curious", email: newEmail("curious"), password: "my-password-123" });
    expect((await s.mutate("invite.joinWithCode", { code })).status).toBe(200);
    const { teacher: other } = await instructorWithCourse();
    for (const who of [s, other]) {
      expect((await who.query("invite.settings", { courseId })).status).toBe(403);
      expect((await who.mutate("invite.update", { courseId, kind: "code", enabled: false })).status).toBe(403);
      expect((await who.mutate("invite.regenerate", { courseId, kind: "code" })).status).toBe(403);
      expect((await who.mutate("invite.emails", { courseId, emails: "someone@school.test" })).status).toBe(403);
    }
    const anonymous = browser(base);
    expect((await anonymous.mutate("invite.joinWithCode", { code })).status).toBe(401);
    expect((await anonymous.query("invite.settings", { courseId })).status).toBe(401);
    const [row] = await sql()`select enabled from course_join_secrets where course_id = ${courseId} and kind = 'code'`;
    expect(row!.enabled).toBe(true);
  });
});

describe("pasted emails", () => {
  test("a new address gets a mail whose link, after signing up with that address and verifying it, enrolls them", async () => {
    const { teacher, courseId } = await instructorWithCourse();
    const email = newEmail("invitee");
    const pasted = await teacher.mutate("invite.emails", { courseId, emails: `Invitee <${email}>`, role: "ta" });
    expect(pasted.body.result!.data.json).toMatchObject({ committed: true, invited: [email] });
    const mail = await (async () => {
      for (let i = 0; i < 400; i++) {
        const m = server.outbox.findLast((x) => x.to === email && /\/join\//.test(x.text));
        if (m) return m;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error("no invitation mail");
    })();
    const link = mail.text.match(/https?:\/\/\S+\/join\/[A-Za-z0-9_-]{32}/)![0];
    const token = link.slice(-32);
    const b = browser(base);
    await signUpVerified(server, b, { name: "Invitee", email, password: "my-password-123" });
    const joined = await b.mutate("invite.joinWithLink", { token });
    expect(joined.body.result!.data.json).toMatchObject({ joined: true, role: "ta", pending: false });
    expect((await b.query("course.get", { courseId })).body.result!.data.json.myRole).toBe("ta");
    // Someone else with the forwarded link gets nothing.
    const other = browser(base);
    await signUpVerified(server, other, { name: "Other", email: newEmail("other"), password: "my-password-123" });
    expect((await other.mutate("invite.joinWithLink", { token })).status).toBe(403);
  });
});
