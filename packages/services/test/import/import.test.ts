import * as services from "@codeclass/services";
import { makeCourse, makeUser, testAuth, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor, serviceError, uniqueSuffix } from "../helpers.ts";

const t = useTestDatabase();
const publicUrl = "http://localhost:3000";

/** Row counts of the tables an import writes, to prove that a refused one wrote nothing. */
async function tableCounts() {
  const [row] = await t.sql`
    select (select count(*) from "user")::int as users, (select count(*) from courses)::int as courses,
           (select count(*) from enrollments)::int as enrollments, (select count(*) from verification)::int as tokens,
           (select count(*) from graphile_worker.jobs where task_identifier = 'send_email')::int as mails,
           (select count(*) from audit_log)::int as audit`;
  return row;
}

const admin = async () => actor(await makeUser(t.db, { role: "admin" }));

describe("reading CSV files", () => {
  test("BOM, CRLF, quoted commas, quotes and line breaks, Korean names, aliases in any order, whitespace and empty lines", () => {
    const csv =
      '\uFEFF 이름 ,Role,E-Mail\r\n\r\n"Kim, ""Ji-su""\nthe second",student,  KIM@Example.com \r\n박서준,instructor,park@example.com\r\n\r\n';
    const parsed = services.importing.parseImportCsv(csv);
    expect(parsed.kind).toBe("users");
    expect(parsed.problems).toEqual([]);
    expect(parsed.headers).toEqual({ name: "이름", role: "Role", email: "E-Mail" });
    expect(parsed.rows).toEqual([
      { line: 3, values: { name: 'Kim, "Ji-su"\nthe second', role: "student", email: "KIM@Example.com" } },
      { line: 5, values: { name: "박서준", role: "instructor", email: "park@example.com" } },
    ]);
  });

  test("the kind follows the header, and a missing column is named with its aliases", () => {
    expect(services.importing.guessKind(["code", "title"])).toBe("courses");
    expect(services.importing.guessKind(["email", "name", "course code", "role"])).toBe("roster");
    expect(services.importing.guessKind(["이메일", "과목"])).toBe("enrollments");
    const parsed = services.importing.parseImportCsv("name,role\nAda,student\n", "users");
    expect(parsed.problems).toEqual([{ line: 1, column: null, reason: expect.stringContaining("needs a email column") }]);
  });

  test("a quote that never closes is a problem on its line, not a crash", () => {
    const parsed = services.importing.parseImportCsv('email,name\na@x.org,"Ada\nb@x.org,Bob\n');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: expect.any(Number), reason: expect.stringMatching(/not valid CSV/) });
  });
});

describe("preview and commit", () => {
  test("a preview counts new, updated and unchanged rows and names every bad one by line, column and reason; it writes nothing", async () => {
    const who = await admin();
    const existing = await makeUser(t.db, { role: "student", email: `old-${uniqueSuffix()}@school.test`, name: "Old Name" });
    const same = await makeUser(t.db, { role: "student", email: `same-${uniqueSuffix()}@school.test`, name: "Same" });
    const s = uniqueSuffix();
    const csv = [
      "email,name,role",
      `new-${s}@school.test,New Person,student`,
      `${existing.email},New Name,student`,
      `${same.email},Same,student`,
      "not-an-email,Bad,student",
      `dup-${s}@school.test,First,student`,
      `dup-${s}@school.test,Second,student`,
      `x-${s}@school.test,Boss,admin`,
      `y-${s}@school.test,${"n".repeat(101)},student`,
    ].join("\n");
    const before = await tableCounts();
    const result = await services.importing.preview(t.db, who, { csv });
    expect(await tableCounts()).toEqual(before);
    expect(result.summary).toMatchObject({ kind: "users", rows: 8, rowsWithErrors: 4, users: { new: 2, updated: 1, unchanged: 1 } });
    expect(result.problems).toEqual([
      { line: 5, column: "email", reason: expect.stringContaining("valid address") },
      { line: 7, column: "email", reason: "repeats the email of line 6" },
      { line: 8, column: "role", reason: expect.stringContaining("must be student or instructor") },
      { line: 9, column: "name", reason: "is too long: the limit is 100 characters" },
    ]);
    expect(result.errorReportCsv?.split("\r\n")).toEqual([
      "line,column,problem",
      "5,email,must be a valid address such as ada@example.com",
      "7,email,repeats the email of line 6",
      "8,role,must be student or instructor (an admin is made with the admin page)",
      "9,name,is too long: the limit is 100 characters",
      "",
    ]);
  });

  test.each([
    ["the first", 1],
    ["a middle", 3],
    ["the last", 5],
  ])("a bad row in %s place means nothing is written at all", async (_where, badIndex) => {
    const who = await admin();
    const course = await makeCourse(t.db, undefined, { code: `IMP-${uniqueSuffix()}` });
    const s = uniqueSuffix();
    const rows = Array.from({ length: 5 }, (_, i) => `r${i}-${s}@school.test,Student ${i},${course.code},student`);
    rows[badIndex - 1] = `r-bad-${s}@school.test,Student X,NO-SUCH-COURSE-${s},student`;
    const before = await tableCounts();
    const result = await services.importing.commit(t.db, who, { csv: ["email,name,course,role", ...rows].join("\r\n") }, { publicUrl });
    expect(result.committed).toBe(false);
    expect(result.problems).toEqual([{ line: badIndex + 1, column: "course", reason: expect.stringContaining("no course has the code") }]);
    expect(await tableCounts()).toEqual(before);
  });

  test("a roster commit creates accounts, enrolls everyone, mails set-password links that work, and importing it again changes nothing", async () => {
    const who = await admin();
    const course = await makeCourse(t.db, undefined, { code: `ROS-${uniqueSuffix()}` });
    const other = await makeCourse(t.db, undefined, { code: `ROS2-${uniqueSuffix()}` });
    const existing = await makeUser(t.db, { email: `known-${uniqueSuffix()}@school.test`, name: "Known" });
    const s = uniqueSuffix();
    const csv = [
      "이메일,이름,과목코드,역할",
      `kim-${s}@school.test,김민준,${course.code},student`,
      `kim-${s}@school.test,김민준,${other.code.toLowerCase()},ta`,
      `${existing.email},,${course.code},student`,
    ].join("\n");
    const before = await tableCounts();
    const first = await services.importing.commit(t.db, who, { csv }, { publicUrl });
    expect(first).toMatchObject({
      committed: true,
      problems: [],
      summary: { kind: "roster", users: { new: 1 }, enrollments: { new: 3, updated: 0, unchanged: 0 } },
    });
    const after = await tableCounts();
    expect(after).toEqual({
      ...before,
      users: before!.users + 1,
      enrollments: before!.enrollments + 3,
      tokens: before!.tokens + 1,
      mails: before!.mails + 1,
      audit: before!.audit + 1,
    });
    const [created] =
      await t.sql`select id, name, email_verified as "emailVerified", role from "user" where email = ${`kim-${s}@school.test`}`;
    expect(created).toMatchObject({ name: "김민준", emailVerified: false, role: "student" });
    const roles =
      await t.sql`select c.code, e.role from enrollments e join courses c on c.id = e.course_id where e.user_id = ${created!.id} order by c.code`;
    expect(roles.map((r) => [r.code, r.role]).sort()).toEqual([
      [course.code, "student"],
      [other.code, "ta"],
    ]);
    const [audit] =
      await t.sql`select actor_id as "actorId", action, data from audit_log where target_id = ${(first as { importId: string }).importId}`;
    expect(audit).toMatchObject({ actorId: who.id, action: "import.commit", data: { kind: "roster", rows: 3 } });

    // The mailed link is better-auth's own reset link: following it sets the password and verifies the address.
    const [job] =
      await t.sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
        where k.identifier = 'send_email' and j.payload->>'to' = ${`kim-${s}@school.test`}`; // the public jobs view has no payload
    expect(job!.payload).toMatchObject({ template: "account-created", to: `kim-${s}@school.test`, name: "김민준", days: 7 });
    const link = (job!.payload as { url: string }).url;
    const token = link.match(/^http:\/\/localhost:3000\/api\/auth\/reset-password\/([\w-]+)\?callbackURL=%2Freset-password$/)?.[1];
    expect(token).toBeTruthy();
    const { auth } = testAuth(t.db, publicUrl);
    await auth.api.resetPassword({ body: { token: token!, newPassword: "a-new-password-1" } });
    const signedIn = await auth.api.signInEmail({ body: { email: `kim-${s}@school.test`, password: "a-new-password-1" } });
    expect(signedIn.user.email).toBe(`kim-${s}@school.test`);
    const [verified] = await t.sql`select email_verified as v from "user" where id = ${created!.id}`;
    expect(verified!.v).toBe(true);

    // The same file again: nothing new, no mail, the existing account untouched.
    const again = await services.importing.commit(t.db, who, { csv }, { publicUrl });
    expect(again).toMatchObject({ committed: true, summary: { users: { new: 0 }, enrollments: { new: 0, updated: 0, unchanged: 3 } } });
    expect(await tableCounts()).toMatchObject({
      users: after!.users,
      enrollments: after!.enrollments,
      mails: after!.mails,
      tokens: after!.tokens - 1,
    });
  });

  test("courses upsert by code in any case; a blank term keeps the course's own", async () => {
    const who = await admin();
    const course = await makeCourse(t.db, undefined, { code: `UP-${uniqueSuffix()}` });
    await t.sql`update courses set term = '2026S' where id = ${course.id}`;
    const code = `NEW-${uniqueSuffix()}`;
    const csv = `Code,Title,Term\n${course.code.toLowerCase()},Renamed,\n${code},Brand new,2026F\n`;
    const result = await services.importing.commit(t.db, who, { csv }, { publicUrl });
    expect(result).toMatchObject({ committed: true, summary: { kind: "courses", courses: { new: 1, updated: 1, unchanged: 0 } } });
    const rows = await t.sql`select code, title, term from courses where id = ${course.id} or code = ${code} order by code`;
    expect(rows.map((r) => ({ ...r }))).toEqual(
      [
        { code: course.code, title: "Renamed", term: "2026S" },
        { code, title: "Brand new", term: "2026F" },
      ].sort((a, b) => (a.code < b.code ? -1 : 1)),
    );
  });

  test("an admin's role is not changed by an import, and only admins (or the operator CLI) may import", async () => {
    const who = await admin();
    const other = await makeUser(t.db, { role: "admin" });
    const result = await services.importing.preview(t.db, who, { csv: `email,name,role\n${other.email},X,student\n` });
    expect(result.problems).toEqual([{ line: 2, column: "role", reason: expect.stringContaining("is an admin") }]);
    const instructor = await makeUser(t.db, { role: "instructor" });
    await serviceError(services.importing.preview(t.db, actor(instructor), { csv: "email,name\na@b.org,A\n" }), "FORBIDDEN");
    await serviceError(services.importing.commit(t.db, actor(instructor), { csv: "email,name\na@b.org,A\n" }, { publicUrl }), "FORBIDDEN");
    const cli = await services.importing.preview(t.db, null, { csv: `email,name\ncli-${uniqueSuffix()}@b.org,A\n` });
    expect(cli.summary.users.new).toBe(1);
  });
});
