import { courseInvitationMail } from "@codeclass/mail";
import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { joinCodeAlphabet } from "@codeclass/validators";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { actor, auditFor, enrollmentsOf, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();
const publicUrl = "http://localhost:3000";
const opts = { publicUrl };

/** A course with its instructor, a TA and a student, and the instructor's code turned on. */
async function classroom(options: { role?: "student" | "ta"; archived?: boolean } = {}) {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor);
  const ta = await makeUser(t.db);
  await enroll(t.db, course.id, ta.id, "ta");
  const student = await makeUser(t.db);
  await enroll(t.db, course.id, student.id, "student");
  const teacher = actor(instructor);
  const on = await services.invite.update(t.db, teacher, { courseId: course.id, kind: "code", enabled: true, role: options.role }, opts);
  await services.invite.update(t.db, teacher, { courseId: course.id, kind: "link", enabled: true, role: options.role }, opts);
  const s = await services.invite.settings(t.db, teacher, { courseId: course.id }, opts);
  if (options.archived) await services.course.archive(t.db, teacher, { courseId: course.id, archived: true });
  return { instructor, teacher, course, ta, student, code: on.code!.secret, token: s.link!.secret };
}

const roleIn = async (courseId: string, userId: string) =>
  (await t.sql`select role from enrollments where course_id = ${courseId} and user_id = ${userId}`)[0]?.role ?? null;
const unverified = async () => {
  const u = await makeUser(t.db);
  await t.sql`update "user" set email_verified = false where id = ${u.id}`;
  return u;
};
const mailJobs = `select j.id, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'send_email'`;
const mailsTo = (email: string) => t.sql`select payload from (${t.sql.unsafe(mailJobs)}) m where payload->>'to' = ${email} order by id`;
/** The mail a queued invitation becomes when the worker sends it (its template, rendered). */
const rendered = (payload: any) => courseInvitationMail(payload.to, payload);
// Not `\b` after it: a token may end with "-", and there is no word boundary between "-" and a space.
const tokenOf = (text: string) => /\/join\/([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/.exec(text)![1]!;

describe("join settings", () => {
  test("nothing until enabled; enabling makes a code of 8 unambiguous symbols and a 32-character link; changes keep the secret; regenerate replaces it", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const teacher = actor(instructor);
    expect(await services.invite.settings(t.db, teacher, { courseId: course.id }, opts)).toEqual({
      courseId: course.id,
      code: null,
      link: null,
    });

    const on = await services.invite.update(t.db, teacher, { courseId: course.id, kind: "code", enabled: true }, opts);
    expect(on.code).toMatchObject({
      kind: "code",
      enabled: true,
      active: true,
      role: "student",
      expiresAt: null,
      url: null,
      createdBy: instructor.id,
    });
    expect(on.code!.secret).toMatch(new RegExp(`^[${joinCodeAlphabet}]{4}-[${joinCodeAlphabet}]{4}$`));
    expect(on.link).toBeNull();

    const expiresAt = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    const ta = await services.invite.update(t.db, teacher, { courseId: course.id, kind: "code", role: "ta", expiresAt }, opts);
    expect(ta.code).toMatchObject({ secret: on.code!.secret, role: "ta", enabled: true, expiresAt });

    const link = await services.invite.update(t.db, teacher, { courseId: course.id, kind: "link", enabled: false }, opts);
    expect(link.link).toMatchObject({ enabled: false, active: false });
    expect(link.link!.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(link.link!.url).toBe(`${publicUrl}/join/${link.link!.secret}`);

    const again = await services.invite.regenerate(t.db, teacher, { courseId: course.id, kind: "code" }, opts);
    expect(again.code!.secret).not.toBe(on.code!.secret);
    expect(again.code).toMatchObject({ role: "ta", enabled: true, expiresAt });
    expect(again.link!.secret).toBe(link.link!.secret);

    // The audit log has every change, never a secret.
    const audit = await auditFor(t, { courseId: course.id });
    expect(audit.map((a) => a.action)).toEqual(["invite.update", "invite.update", "invite.update", "invite.regenerate"]);
    expect(JSON.stringify(audit)).not.toContain(on.code!.secret.replace("-", ""));
    expect(JSON.stringify(audit)).not.toContain(link.link!.secret);
  });

  test("TAs read the settings but cannot change them; students and another course's instructor neither", async () => {
    const c = await classroom();
    const asTa = await services.invite.settings(t.db, actor(c.ta), { courseId: c.course.id }, opts);
    expect(asTa.code!.secret).toBe(c.code);
    await serviceError(
      services.invite.update(t.db, actor(c.ta), { courseId: c.course.id, kind: "code", enabled: false }, opts),
      "FORBIDDEN",
    );
    await serviceError(services.invite.regenerate(t.db, actor(c.ta), { courseId: c.course.id, kind: "code" }, opts), "FORBIDDEN");
    await serviceError(services.invite.settings(t.db, actor(c.student), { courseId: c.course.id }, opts), "FORBIDDEN");
    const other = await makeUser(t.db, { role: "instructor" });
    await makeCourse(t.db, other);
    await serviceError(services.invite.settings(t.db, actor(other), { courseId: c.course.id }, opts), "FORBIDDEN");
    await serviceError(
      services.invite.update(t.db, actor(other), { courseId: c.course.id, kind: "link", enabled: false }, opts),
      "FORBIDDEN",
    );
    expect((await services.invite.settings(t.db, c.teacher, { courseId: c.course.id }, opts)).code!.secret).toBe(c.code);
  });

  test("a code never grants instructor; an expiry in the past or over a year ahead is refused", async () => {
    const c = await classroom();
    await expect(
      services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "code", role: "instructor" as "ta" }, opts),
    ).rejects.toThrow(ZodError);
    await expect(
      services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "code", expiresAt: new Date(Date.now() - 1000) }, opts),
    ).rejects.toThrow(/in the future/);
    await expect(
      services.invite.update(
        t.db,
        c.teacher,
        { courseId: c.course.id, kind: "code", expiresAt: new Date(Date.now() + 400 * 24 * 3600 * 1000) },
        opts,
      ),
    ).rejects.toThrow(/366 days/);
    // The database holds it too.
    await expect(t.sql`update course_join_secrets set role = 'instructor' where course_id = ${c.course.id}`).rejects.toThrow(/role_check/);
  });
});

describe("joining with a code", () => {
  test("typed in lower case with a dash or spaces, a student joins with the code's role; the audit log says how", async () => {
    const c = await classroom({ role: "ta" });
    const newcomer = await makeUser(t.db);
    const typed = ` ${c.code.toLowerCase().replace("-", " - ")} `;
    const result = await services.invite.joinWithCode(t.db, actor(newcomer), { code: typed });
    expect(result).toEqual({
      course: { id: c.course.id, code: c.course.code, title: c.course.title },
      role: "ta",
      joined: true,
      pending: false,
      notice: null,
    });
    expect(await roleIn(c.course.id, newcomer.id)).toBe("ta");
    expect(await auditFor(t, { targetId: newcomer.id })).toEqual([
      {
        actorId: newcomer.id,
        action: "invite.join",
        targetType: "user",
        targetId: newcomer.id,
        courseId: c.course.id,
        data: { via: "code", role: "ta" },
      },
    ]);
  });

  test("joining again, or as a member, changes no role and writes nothing", async () => {
    const c = await classroom({ role: "ta" });
    const before = await enrollmentsOf(t, c.course.id);
    for (const member of [c.instructor, c.student, c.ta]) {
      const r = await services.invite.joinWithCode(t.db, actor(member), { code: c.code });
      expect(r).toMatchObject({ joined: false });
    }
    expect((await services.invite.joinWithCode(t.db, actor(c.student), { code: c.code })).role).toBe("student");
    expect((await services.invite.joinWithCode(t.db, actor(c.instructor), { code: c.code })).role).toBe("instructor");
    expect(await enrollmentsOf(t, c.course.id)).toEqual(before);
    expect((await auditFor(t, { courseId: c.course.id })).filter((a) => a.action === "invite.join")).toEqual([]);
  });

  test("a disabled, expired or replaced code and an archived course are refused with a plain reason", async () => {
    const c = await classroom();
    const who = actor(await makeUser(t.db));
    await services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "code", enabled: false }, opts);
    expect((await serviceError(services.invite.joinWithCode(t.db, who, { code: c.code }), "CONFLICT")).message).toMatch(
      /code is turned off/,
    );

    await services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "code", enabled: true }, opts);
    await t.sql`update course_join_secrets set expires_at = '2020-01-02T00:00:00Z' where course_id = ${c.course.id}`;
    expect((await serviceError(services.invite.joinWithCode(t.db, who, { code: c.code }), "CONFLICT")).message).toMatch(
      /expired on 2020-01-02/,
    );

    await services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "code", expiresAt: null }, opts);
    const fresh = (await services.invite.regenerate(t.db, c.teacher, { courseId: c.course.id, kind: "code" }, opts)).code!.secret;
    const old = await serviceError(services.invite.joinWithCode(t.db, who, { code: c.code }), "NOT_FOUND");
    expect(old).toMatchObject({ field: "code", detail: expect.stringMatching(/^is not the join code of any course/) });

    await services.course.archive(t.db, c.teacher, { courseId: c.course.id, archived: true });
    expect((await serviceError(services.invite.joinWithCode(t.db, who, { code: fresh }), "CONFLICT")).message).toMatch(/archived/);
    expect(await roleIn(c.course.id, who.id)).toBeNull();
    await services.course.archive(t.db, c.teacher, { courseId: c.course.id, archived: false });
    expect(await services.invite.joinWithCode(t.db, who, { code: fresh })).toMatchObject({ joined: true });
  });

  test("someone who has not verified their address is enrolled, but the enrollment counts only once verified", async () => {
    const c = await classroom();
    const early = await unverified();
    const r = await services.invite.joinWithCode(t.db, actor(early), { code: c.code });
    expect(r).toMatchObject({ joined: true, pending: true, notice: expect.stringMatching(/confirm your email/) });
    expect(await roleIn(c.course.id, early.id)).toBe("student");
    expect((await services.courseAccess(t.db, actor(early), c.course.id)).myRole).toBeNull();
    await t.sql`update "user" set email_verified = true where id = ${early.id}`;
    expect((await services.courseAccess(t.db, actor(early), c.course.id)).myRole).toBe("student");
  });

  test("malformed codes are refused before any lookup", async () => {
    const who = actor(await makeUser(t.db));
    for (const code of ["", "ABCD", "ABCD-EFGHJ", "ABCU-EFGH", "x".repeat(100), 12345678])
      await expect(services.invite.joinWithCode(t.db, who, { code } as { code: string })).rejects.toThrow(ZodError);
    expect(await t.sql`select * from join_failures where user_id = ${who.id}`).toEqual([]);
  });
});

describe("guessing codes", () => {
  const guess = () => Array.from({ length: 8 }, (_, i) => joinCodeAlphabet[(i * 7 + Math.floor(Math.random() * 32)) % 32]).join("");

  test("10 wrong codes in the window lock joining for that user (even with the right code); others are not affected; the lock ends with the window", async () => {
    const c = await classroom();
    const guesser = await makeUser(t.db);
    for (let i = 0; i < services.invite.joinThrottle.maxFailures; i++)
      await serviceError(services.invite.joinWithCode(t.db, actor(guesser), { code: guess() }), "NOT_FOUND");
    const locked = await serviceError(services.invite.joinWithCode(t.db, actor(guesser), { code: c.code }), "TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/try again in 1[45] minutes/);
    await serviceError(services.invite.joinWithLink(t.db, actor(guesser), { token: c.token }), "TOO_MANY_REQUESTS");
    expect(await roleIn(c.course.id, guesser.id)).toBeNull();

    const bystander = await makeUser(t.db);
    expect(await services.invite.joinWithCode(t.db, actor(bystander), { code: c.code })).toMatchObject({ joined: true });

    await t.sql`update join_failures set window_started_at = now() - interval '16 minutes' where user_id = ${guesser.id}`;
    expect(await services.invite.joinWithCode(t.db, actor(guesser), { code: c.code })).toMatchObject({ joined: true });
  });

  test("right codes do not count, and do not clear the wrong ones", async () => {
    const c = await classroom();
    const who = await makeUser(t.db);
    for (let i = 0; i < 5; i++) await serviceError(services.invite.joinWithCode(t.db, actor(who), { code: guess() }), "NOT_FOUND");
    for (let i = 0; i < 20; i++) await services.invite.joinWithCode(t.db, actor(who), { code: c.code });
    expect(await t.sql`select failures from join_failures where user_id = ${who.id}`).toEqual([{ failures: 5 }]);
  });

  test("30 wrong codes sent at once: exactly 10 are looked up, the rest refused", async () => {
    const who = await makeUser(t.db);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => services.invite.joinWithCode(t.db, actor(who), { code: guess() })),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as services.ServiceError).code : "OK"));
    expect(codes.filter((c) => c === "NOT_FOUND")).toHaveLength(10);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(20);
  });
});

describe("joining with a link", () => {
  test("the course's link joins any signed-in user with its role; disabled or replaced, it is refused", async () => {
    const c = await classroom();
    const a = await makeUser(t.db);
    expect(await services.invite.joinWithLink(t.db, actor(a), { token: c.token })).toMatchObject({ joined: true, role: "student" });
    expect((await auditFor(t, { targetId: a.id }))[0]).toMatchObject({ action: "invite.join", data: { via: "link", role: "student" } });

    await services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "link", enabled: false }, opts);
    const b = actor(await makeUser(t.db));
    expect((await serviceError(services.invite.joinWithLink(t.db, b, { token: c.token }), "CONFLICT")).message).toMatch(
      /link is turned off/,
    );
    await services.invite.update(t.db, c.teacher, { courseId: c.course.id, kind: "link", enabled: true }, opts);
    await services.invite.regenerate(t.db, c.teacher, { courseId: c.course.id, kind: "link" }, opts);
    await serviceError(services.invite.joinWithLink(t.db, b, { token: c.token }), "NOT_FOUND");
    // The code is not a link token, nor the reverse.
    await expect(services.invite.joinWithLink(t.db, b, { token: c.code })).rejects.toThrow(ZodError);
  });
});

describe("pasted email lists", () => {
  test("one bad entry: every bad one is named by line, and nothing is written", async () => {
    const c = await classroom();
    const existing = await makeUser(t.db);
    const before = await t.sql`select (select count(*) from enrollments)::int e, (select count(*) from course_invitations)::int i,
      (select count(*) from graphile_worker._private_jobs)::int j, (select count(*) from audit_log)::int a`;
    const r = await services.invite.emails(
      t.db,
      c.teacher,
      { courseId: c.course.id, emails: `${existing.email}\nnot-an-address, new-${uniqueSuffix()}@school.test\n\nbad@;x@y` },
      opts,
    );
    expect(r).toMatchObject({ committed: false, enrolled: [], invited: [] });
    expect(r.invalid).toEqual([
      { line: 2, entry: "not-an-address", reason: expect.stringMatching(/valid address/) },
      { line: 4, entry: "bad@", reason: expect.stringMatching(/valid address/) },
      { line: 4, entry: "x@y", reason: expect.stringMatching(/valid address/) },
    ]);
    expect(
      await t.sql`select (select count(*) from enrollments)::int e, (select count(*) from course_invitations)::int i,
      (select count(*) from graphile_worker._private_jobs)::int j, (select count(*) from audit_log)::int a`,
    ).toEqual(before);
  });

  test("existing accounts are enrolled (members keep their role), new addresses get one invitation mail whose link enrolls that address once", async () => {
    const c = await classroom();
    const existing = await makeUser(t.db);
    const early = await unverified();
    const s = uniqueSuffix();
    const fresh = [`new-a-${s}@school.test`, `new-b-${s}@school.test`];
    const pasted = `${existing.email}; Ada Lovelace <${fresh[0]!.toUpperCase()}>\n ${c.student.email} , ${early.email}\n${fresh[1]}\n${existing.email}\n${c.instructor.email}`;
    const r = await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: pasted, role: "ta" }, opts);
    expect(r).toEqual({
      committed: true,
      invalid: [],
      enrolled: expect.arrayContaining([existing.email, early.email]),
      alreadyEnrolled: expect.arrayContaining([c.student.email, c.instructor.email]),
      pending: [early.email],
      invited: fresh,
      alreadyInvited: [],
      duplicates: 1,
    });
    expect(await roleIn(c.course.id, existing.id)).toBe("ta");
    expect(await roleIn(c.course.id, c.student.id)).toBe("student");
    expect(await roleIn(c.course.id, c.instructor.id)).toBe("instructor");
    expect((await auditFor(t, { courseId: c.course.id })).at(-1)).toMatchObject({
      action: "invite.emails",
      data: { role: "ta", enrolled: 2, alreadyEnrolled: 2, invited: 2, alreadyInvited: 0 },
    });

    const [mail] = await mailsTo(fresh[0]!);
    expect(mail!.payload).toMatchObject({ template: "course-invitation", to: fresh[0], role: "ta" });
    expect(rendered(mail!.payload).subject).toContain(c.course.code);
    expect(rendered(mail!.payload).text).toContain("as a teaching assistant");
    const token = tokenOf(rendered(mail!.payload).text);
    expect(rendered(mail!.payload).html).toContain(`/join/${token}`);

    // Pasting again mails nobody twice.
    const again = await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: fresh.join("\n") }, opts);
    expect(again).toMatchObject({ committed: true, invited: [], alreadyInvited: fresh });
    expect(await mailsTo(fresh[0]!)).toHaveLength(1);

    // Someone else holding the link gets nothing; the invited address's account joins (pending until verified), once.
    const other = await makeUser(t.db);
    expect((await serviceError(services.invite.joinWithLink(t.db, actor(other), { token }), "FORBIDDEN")).message).toMatch(
      /another address/,
    );
    const invitee = await makeUser(t.db, { email: fresh[0] });
    await t.sql`update "user" set email_verified = false where id = ${invitee.id}`;
    expect(await services.invite.joinWithLink(t.db, actor(invitee), { token })).toMatchObject({ joined: true, role: "ta", pending: true });
    expect(await services.invite.joinWithLink(t.db, actor(invitee), { token })).toMatchObject({ joined: false, role: "ta" });
    expect((await auditFor(t, { targetId: invitee.id }))[0]).toMatchObject({ data: { via: "invitation", role: "ta" } });
    await services.enrollment.remove(t.db, c.teacher, { courseId: c.course.id, userId: invitee.id });
    expect((await serviceError(services.invite.joinWithLink(t.db, actor(invitee), { token }), "CONFLICT")).message).toMatch(
      /already been used/,
    );
  });

  test("an expired invitation is refused; pasting the address again mails a new link and the old one stops working", async () => {
    const c = await classroom();
    const address = `late-${uniqueSuffix()}@school.test`;
    await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: address }, opts);
    const oldToken = tokenOf(rendered((await mailsTo(address))[0]!.payload).text);
    await t.sql`update course_invitations set expires_at = '2021-03-04T00:00:00Z' where email = ${address}`;
    const late = await makeUser(t.db, { email: address });
    expect((await serviceError(services.invite.joinWithLink(t.db, actor(late), { token: oldToken }), "CONFLICT")).message).toMatch(
      /expired on 2021-03-04/,
    );
    // The address has an account now, so pasting it enrolls it directly.
    await t.sql`delete from "user" where id = ${late.id}`;
    expect(await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: address }, opts)).toMatchObject({
      invited: [address],
    });
    const mails = await mailsTo(address);
    expect(mails).toHaveLength(2);
    const newToken = tokenOf(rendered(mails[1]!.payload).text);
    const back = await makeUser(t.db, { email: address });
    await serviceError(services.invite.joinWithLink(t.db, actor(back), { token: oldToken }), "NOT_FOUND");
    expect(await services.invite.joinWithLink(t.db, actor(back), { token: newToken })).toMatchObject({ joined: true });
  });

  test("one instructor may send 2000 invitation mails in 24 hours; nothing is sent past it; admins are not limited", async () => {
    const c = await classroom();
    const other = await makeCourse(t.db, c.instructor);
    // 1,995 sent today from another course of theirs; one sent yesterday does not count.
    await t.sql`insert into course_invitations (course_id, email, token_hash, invited_by, expires_at)
      select ${other.id}, 'earlier' || g || '@school.test', md5(g::text), ${c.instructor.id}, now() + interval '14 days' from generate_series(1, 1995) g`;
    await t.sql`update course_invitations set created_at = now() - interval '25 hours' where email = 'earlier1@school.test' and course_id = ${other.id}`;
    const list = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}-${uniqueSuffix()}@school.test`).join("\n");
    const refused = await serviceError(
      services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: list(7, "over") }, opts),
      "TOO_MANY_REQUESTS",
    );
    expect(refused.message).toBe(
      "you may send 2000 invitation mails in 24 hours: 6 left, and this list would send 7; add the rest later, or ask an admin to import them",
    );
    expect(await t.sql`select count(*)::int as n from course_invitations where course_id = ${c.course.id}`).toEqual([{ n: 0 }]);
    expect(await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: list(6, "fits") }, opts)).toMatchObject({
      committed: true,
    });
    const admin = actor(await makeUser(t.db, { role: "admin" }));
    await t.sql`insert into course_invitations (course_id, email, token_hash, invited_by, expires_at)
      select ${other.id}, 'adm' || g || '@school.test', md5('adm' || g), ${admin.id}, now() + interval '14 days' from generate_series(1, 2000) g`;
    expect(await services.invite.emails(t.db, admin, { courseId: c.course.id, emails: list(3, "admin") }, opts)).toMatchObject({
      invited: expect.arrayContaining([expect.stringMatching(/^admin0-/)]),
    });
  });

  test("limits: more than 500 addresses, an empty list, the instructor role; TAs, students and archived courses are refused", async () => {
    const c = await classroom();
    const many = Array.from({ length: 501 }, (_, i) => `p${i}@school.test`).join("\n");
    await expect(services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: many }, opts)).rejects.toThrow(
      /501 addresses; the limit is 500/,
    );
    await expect(services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: " \n,;" }, opts)).rejects.toThrow(/is empty/);
    await expect(
      services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: "a@b.test", role: "instructor" as "ta" }, opts),
    ).rejects.toThrow(ZodError);
    await serviceError(services.invite.emails(t.db, actor(c.ta), { courseId: c.course.id, emails: "a@b.test" }, opts), "FORBIDDEN");
    await serviceError(services.invite.emails(t.db, actor(c.student), { courseId: c.course.id, emails: "a@b.test" }, opts), "FORBIDDEN");
    await services.course.archive(t.db, c.teacher, { courseId: c.course.id, archived: true });
    await serviceError(services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: "a@b.test" }, opts), "CONFLICT");
  });

  test("500 addresses, half with accounts, in one call", async () => {
    const c = await classroom();
    const s = uniqueSuffix();
    const have: UserRow[] = [];
    for (let i = 0; i < 250; i++) have.push(await makeUser(t.db, { email: `has-${i}-${s}@school.test` }));
    const list = [...have.map((u) => u.email), ...Array.from({ length: 250 }, (_, i) => `none-${i}-${s}@school.test`)].join("\n");
    const started = Date.now();
    const r = await services.invite.emails(t.db, c.teacher, { courseId: c.course.id, emails: list }, opts);
    expect(r.enrolled).toHaveLength(250);
    expect(r.invited).toHaveLength(250);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(
      await t.sql`select count(*)::int n from (${t.sql.unsafe(mailJobs)}) m where payload->>'to' like ${`none-%-${s}@school.test`}`,
    ).toEqual([{ n: 250 }]);
  });
});

describe("an instructor's roster import", () => {
  test("rows for another course, an instructor role, or an instructor's own row are problems; a good file commits for the own course only", async () => {
    const c = await classroom();
    const other = await makeCourse(t.db);
    const s = uniqueSuffix();
    const bad = [
      "email,name,course,role",
      `new-${s}@school.test,New Person,${c.course.code},student`,
      `x-${s}@school.test,X,${other.code},student`,
      `y-${s}@school.test,Y,NO-SUCH-${s},student`,
      `z-${s}@school.test,Z,${c.course.code},instructor`,
      `${c.instructor.email},,${c.course.code},ta`,
    ].join("\n");
    const preview = await services.invite.importPreview(t.db, c.teacher, { courseId: c.course.id, csv: bad });
    expect(preview.problems).toEqual([
      { line: 3, column: "course", reason: `"${other.code}" is not the course you are importing into` },
      { line: 4, column: "course", reason: `"NO-SUCH-${s}" is not the course you are importing into` },
      { line: 5, column: "role", reason: "must be student or ta" },
      { line: 6, column: "role", reason: expect.stringMatching(/teaches this course/) },
    ]);
    const refused = await services.invite.importCommit(t.db, c.teacher, { courseId: c.course.id, csv: bad }, opts);
    expect(refused).toMatchObject({ committed: false, problemCount: 4 });
    expect(await t.sql`select id from "user" where email = ${`new-${s}@school.test`}`).toEqual([]);

    const good = [
      "email,name,course,role",
      `new-${s}@school.test,New Person,${c.course.code},ta`,
      `${c.student.email},,${c.course.code.toLowerCase()},ta`,
    ].join("\n");
    const done = await services.invite.importCommit(t.db, c.teacher, { courseId: c.course.id, csv: good }, opts);
    expect(done).toMatchObject({ committed: true, summary: { users: { new: 1 }, enrollments: { new: 1, updated: 1 } } });
    const [created] = await t.sql`select id, role from "user" where email = ${`new-${s}@school.test`}`;
    expect(created!.role).toBe("student");
    expect(await roleIn(c.course.id, created!.id)).toBe("ta");
    expect(await roleIn(c.course.id, c.student.id)).toBe("ta");
    expect((await auditFor(t, { courseId: c.course.id })).at(-1)).toMatchObject({ action: "import.commit", actorId: c.instructor.id });
    expect(await mailsTo(`new-${s}@school.test`)).toHaveLength(1);
  });

  test("users and courses files are refused; TAs, students and another course's instructor cannot import; admins can", async () => {
    const c = await classroom();
    const users = await services.invite.importPreview(t.db, c.teacher, { courseId: c.course.id, csv: "email,name\na@b.test,A\n" });
    expect(users.problems).toEqual([{ line: 1, column: null, reason: expect.stringMatching(/not a users file/) }]);
    await expect(
      services.invite.importPreview(t.db, c.teacher, { courseId: c.course.id, csv: "x", kind: "users" as "roster" }),
    ).rejects.toThrow(ZodError);
    const csv = `email,course\n${c.ta.email},${c.course.code}\n`;
    await serviceError(services.invite.importPreview(t.db, actor(c.ta), { courseId: c.course.id, csv }), "FORBIDDEN");
    await serviceError(services.invite.importCommit(t.db, actor(c.student), { courseId: c.course.id, csv }, opts), "FORBIDDEN");
    const stranger = await makeUser(t.db, { role: "instructor" });
    await serviceError(services.invite.importCommit(t.db, actor(stranger), { courseId: c.course.id, csv }, opts), "FORBIDDEN");
    const admin = await makeUser(t.db, { role: "admin" });
    expect(await services.invite.importPreview(t.db, actor(admin), { courseId: c.course.id, csv })).toMatchObject({ problemCount: 0 });
  });
});
