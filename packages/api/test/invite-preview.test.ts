import { callerFor, enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { clientShape, rejection, unique } from "./helpers.ts";

const t = useTestDatabase();

/** A course with two instructors, a TA and a student; its code and link on. */
async function course() {
  const first = await makeUser(t.db, { role: "instructor", name: `Zed Teacher ${unique()}` });
  const course = await makeCourse(t.db, first, { title: "Python for beginners" });
  const second = await makeUser(t.db, { role: "instructor", name: `Ada Teacher ${unique()}` });
  await enroll(t.db, course.id, second.id, "instructor");
  const ta = await makeUser(t.db, { name: "Helpful TA" });
  await enroll(t.db, course.id, ta.id, "ta");
  const teacher = callerFor(t.db, first);
  await teacher.invite.update({ courseId: course.id, kind: "code", enabled: true });
  const settings = await teacher.invite.update({ courseId: course.id, kind: "link", enabled: true, role: "ta" });
  return { course, teacher, instructors: [second.name, first.name], code: settings.code!.secret, token: settings.link!.secret };
}

const failuresOf = async (userId: string) => (await t.sql`select failures from join_failures where user_id = ${userId}`)[0]?.failures ?? 0;
const enrollmentsOf = (courseId: string, userId: string) =>
  t.sql`select role from enrollments where course_id = ${courseId} and user_id = ${userId}`;

describe("invite.preview", () => {
  test("shows the title, code, instructors' names and the role joining gives: nothing else, and enrolls nobody", async () => {
    const c = await course();
    const visitor = await makeUser(t.db);
    const asVisitor = callerFor(t.db, visitor);

    const byCode = await asVisitor.invite.preview({ code: c.code.toLowerCase().replace("-", " ") });
    expect(byCode).toEqual({
      course: { code: c.course.code, title: "Python for beginners" },
      instructors: c.instructors,
      role: "student",
      member: null,
    });
    expect(await asVisitor.invite.preview({ token: c.token })).toEqual({ ...byCode, role: "ta" });
    expect(await enrollmentsOf(c.course.id, visitor.id)).toEqual([]);
    // A found code costs nothing from the wrong-code budget.
    expect(await failuresOf(visitor.id)).toBe(0);

    // A member learns where to go instead.
    await asVisitor.invite.joinWithCode({ code: c.code });
    expect((await asVisitor.invite.preview({ code: c.code })).member).toEqual({ courseId: c.course.id, role: "student" });
  });

  test("refuses what joining refuses, with the same message: off, expired, replaced, archived", async () => {
    const c = await course();
    const asVisitor = callerFor(t.db, await makeUser(t.db));

    await c.teacher.invite.update({ courseId: c.course.id, kind: "code", enabled: false });
    const off = await rejection(asVisitor.invite.preview({ code: c.code }));
    expect(off.code).toBe("CONFLICT");
    expect(off.message).toBe("code: Joining with this join code is turned off: ask your instructor");
    expect(clientShape(off).data.fieldErrors).toEqual({ code: ["Joining with this join code is turned off: ask your instructor"] });

    await c.teacher.invite.update({ courseId: c.course.id, kind: "code", enabled: true });
    await t.sql`update course_join_secrets set expires_at = '2020-01-02T00:00:00Z' where course_id = ${c.course.id} and kind = 'code'`;
    expect((await rejection(asVisitor.invite.preview({ code: c.code }))).message).toMatch(/^code: This join code expired on 2020-01-02/);

    await c.teacher.invite.regenerate({ courseId: c.course.id, kind: "link" });
    const replaced = await rejection(asVisitor.invite.preview({ token: c.token }));
    expect(replaced.code).toBe("NOT_FOUND");
    expect(replaced.message).toMatch(/^token is not a valid invitation link/);

    const fresh = await c.teacher.invite.settings({ courseId: c.course.id });
    await t.sql`update courses set archived_at = now() where id = ${c.course.id}`;
    expect((await rejection(asVisitor.invite.preview({ token: fresh.link!.secret }))).code).toBe("CONFLICT");
  });

  test("a personal invitation previews only for the address it was mailed to", async () => {
    const c = await course();
    const address = `invited-${unique()}@school.test`;
    await c.teacher.invite.emails({ courseId: c.course.id, emails: address });
    const [job] = await t.sql`select j.payload->>'url' as url from graphile_worker._private_jobs j where j.payload->>'to' = ${address}`;
    const token = /\/join\/([A-Za-z0-9_-]{32})$/.exec(job!.url as string)![1]!;

    const invited = await makeUser(t.db, { email: address });
    expect(await callerFor(t.db, invited).invite.preview({ token })).toMatchObject({ course: { code: c.course.code }, member: null });
    const other = await rejection(callerFor(t.db, await makeUser(t.db)).invite.preview({ token }));
    expect(other.code).toBe("FORBIDDEN");
    expect(other.message).toMatch(/mailed to another address/);
  });

  test("wrong codes count against the same budget as joining: 10 in the window lock previews and joins alike, for that user only", async () => {
    const c = await course();
    const guesser = await makeUser(t.db);
    const asGuesser = callerFor(t.db, guesser);
    for (let i = 0; i < 5; i++) {
      const wrong = await rejection(asGuesser.invite.preview({ code: `ZZZZ-ZZZ${i}` }));
      expect(wrong.code).toBe("NOT_FOUND");
      expect(wrong.message).toMatch(/^code is not the join code of any course/);
      expect((await rejection(asGuesser.invite.joinWithCode({ code: `YYYY-YYY${i}` }))).code).toBe("NOT_FOUND");
    }
    expect(await failuresOf(guesser.id)).toBe(10);
    const locked = await rejection(asGuesser.invite.preview({ code: c.code }));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/^Too many wrong join codes or links: try again in 1[45] minutes$/);
    expect((await rejection(asGuesser.invite.preview({ token: c.token }))).code).toBe("TOO_MANY_REQUESTS");
    expect((await rejection(asGuesser.invite.joinWithCode({ code: c.code }))).code).toBe("TOO_MANY_REQUESTS");

    expect((await callerFor(t.db, await makeUser(t.db)).invite.preview({ code: c.code })).course.code).toBe(c.course.code);

    await t.sql`update join_failures set window_started_at = now() - interval '16 minutes' where user_id = ${guesser.id}`;
    expect((await asGuesser.invite.preview({ code: c.code })).course.code).toBe(c.course.code);
  });

  test("needs a signed-in caller, and exactly one of a code or a token", async () => {
    const c = await course();
    expect((await rejection(callerFor(t.db, null).invite.preview({ code: c.code }))).code).toBe("UNAUTHORIZED");
    const asVisitor = callerFor(t.db, await makeUser(t.db));
    for (const input of [{}, { code: c.code, token: c.token }]) {
      const refused = await rejection(asVisitor.invite.preview(input));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(clientShape(refused).message).toBe("code: give either a join code or an invitation link's token, not both");
    }
    const short = await rejection(asVisitor.invite.preview({ code: "ABC" }));
    expect(clientShape(short).message).toMatch(/^code must be 8 letters or digits/);
  });
});
