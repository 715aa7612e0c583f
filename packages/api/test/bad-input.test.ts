import { randomUUID } from "node:crypto";
import { makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import type { TRPCError } from "@trpc/server";
import { describe, expect, test } from "vitest";
import { callPath, clientShape, courseSetup, refusedWithoutWrites, type Setup, unique } from "./helpers.ts";

const t = useTestDatabase();

const setup = (options?: { archived?: boolean }) => courseSetup(t, options);

/** The error has `code`; what the client sees lists `field` in data.fieldErrors and has each fragment in its message. */
function expectFieldError(error: TRPCError, code: string, field: string, ...fragments: string[]) {
  expect(error.code).toBe(code);
  const shape = clientShape(error);
  expect(shape.data.code).toBe(code);
  expect(shape.data.fieldErrors?.[field]?.length, `fieldErrors.${field} in ${JSON.stringify(shape.data.fieldErrors)}`).toBeGreaterThan(0);
  // Under its field, a message does not repeat the field's name (a form shows it there); the one-line message names it.
  for (const message of shape.data.fieldErrors?.[field] ?? [])
    expect(message).not.toMatch(new RegExp(`^${field}(:| (must|is|are|may|has|hold)\\b)`));
  for (const fragment of fragments) expect(shape.message).toContain(fragment);
}

const newCode = () => `K-${unique()}`;

describe("wrong types and missing fields are BAD_REQUEST naming the field", () => {
  const cases: [string, (s: Setup) => [string, unknown], string, string][] = [
    ["a number for title", () => ["course.create", { code: newCode(), title: 42 }], "title", "title must be text"],
    ["a missing title", () => ["course.create", { code: newCode() }], "title", "title must be text"],
    ["a missing code", () => ["course.create", { title: "T" }], "code", "code must be text"],
    ["null for title in an update", (s) => ["course.update", { courseId: s.course.id, title: null }], "title", "title must be text"],
    ["a string for archived", (s) => ["course.archive", { courseId: s.course.id, archived: "yes" }], "archived", "true or false"],
    ["a malformed courseId", () => ["course.get", { courseId: "not-a-uuid" }], "courseId", "UUID"],
    ["a malformed courseId in a mutation", () => ["course.update", { courseId: "123", title: "T" }], "courseId", "UUID"],
    ["an invalid email", (s) => ["enrollment.add", { courseId: s.course.id, email: "ada-at-example.com" }], "email", "valid address"],
    ["an unknown course role", (s) => ["enrollment.add", { courseId: s.course.id, email: s.admin.email, role: "owner" }], "role", "role"],
    [
      "a global role as course role",
      (s) => ["enrollment.setRole", { courseId: s.course.id, userId: s.student.id, role: "admin" }],
      "role",
      "role",
    ],
    ["a missing role", (s) => ["enrollment.setRole", { courseId: s.course.id, userId: s.student.id }], "role", "role"],
    ["a number for userId", (s) => ["enrollment.remove", { courseId: s.course.id, userId: 7 }], "userId", "userId must be text"],
    ["an array for name", () => ["me.updateProfile", { name: ["Ada"] }], "name", "name must be text"],
    ["a string for includeArchived", () => ["course.listMine", { includeArchived: "true" }], "includeArchived", "true or false"],
    ["a malformed workspaceId", () => ["workspace.get", { workspaceId: "ws-1" }], "workspaceId", "UUID"],
    [
      "a history page over the limit",
      () => ["workspace.history", { workspaceId: randomUUID(), limit: 501 }],
      "limit",
      "limit is too large: the limit is 500",
    ],
    ["a negative afterId", () => ["workspace.history", { workspaceId: randomUUID(), afterId: -1 }], "afterId", "0 or more"],
    [
      "a run with both files and a workspace",
      (s) => [
        "run.start",
        { courseId: s.course.id, language: "python", files: [{ path: "a.py", content: "1" }], workspaceId: randomUUID() },
      ],
      "files",
      "exactly one",
    ],
    [
      "a run with neither files nor a workspace",
      (s) => ["run.start", { courseId: s.course.id, language: "python" }],
      "files",
      "exactly one",
    ],
    [
      "a run of files without a language",
      (s) => ["run.start", { courseId: s.course.id, files: [{ path: "a.py", content: "1" }] }],
      "language",
      "language is required",
    ],
    ["a join code of 7 symbols", () => ["invite.joinWithCode", { code: "ABCD-EFG" }], "code", "code must be 8 letters or digits"],
    ["a join code with a U", () => ["invite.joinWithCode", { code: "ABCD-EFGU" }], "code", "code must be 8 letters or digits"],
    ["a short invitation token", () => ["invite.joinWithLink", { token: "abc" }], "token", "32-character token"],
    [
      "a join code granting instructor",
      (s) => ["invite.update", { courseId: s.course.id, kind: "code", role: "instructor" }],
      "role",
      "role must be student or ta",
    ],
    [
      "a join expiry in the past",
      (s) => ["invite.update", { courseId: s.course.id, kind: "link", expiresAt: new Date(Date.now() - 60_000) }],
      "expiresAt",
      "expiresAt must be in the future",
    ],
    [
      "501 pasted addresses",
      (s) => ["invite.emails", { courseId: s.course.id, emails: Array.from({ length: 501 }, (_, i) => `p${i}@school.test`).join("\n") }],
      "emails",
      "emails holds 501 addresses; the limit is 500",
    ],
    [
      "a users file in an instructor's import",
      (s) => ["invite.importCommit", { courseId: s.course.id, kind: "users", csv: "email,name\na@b.test,A\n" }],
      "kind",
      "kind must be roster or enrollments",
    ],
  ];
  test.each(cases)("%s", async (_name, build, field, fragment) => {
    const s = await setup();
    const [path, input] = build(s);
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, input));
    expectFieldError(error, "BAD_REQUEST", field, field, fragment);
  });
});

describe("unknown keys are refused (schemas are strict)", () => {
  const cases: [string, (s: Setup) => [string, unknown], string][] = [
    ["an extra key on create", () => ["course.create", { code: newCode(), title: "T", color: "red" }], "color"],
    ["createdBy on update", (s) => ["course.update", { courseId: s.course.id, createdBy: s.admin.id }], "createdBy"],
    ["a global role on the profile", () => ["me.updateProfile", { name: "Ada", role: "admin" }], "role"],
    ["userId on enrollment.add", (s) => ["enrollment.add", { courseId: s.course.id, email: s.admin.email, userId: s.admin.id }], "userId"],
    [
      "a __proto__ key from JSON",
      () => ["course.create", JSON.parse(`{"code":"${newCode()}","title":"T","__proto__":{"role":"admin"}}`)],
      "__proto__",
    ],
  ];
  test.each(cases)("%s", async (_name, build, key) => {
    const s = await setup();
    const [path, input] = build(s);
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, input));
    expect(error.code).toBe("BAD_REQUEST");
    expect(clientShape(error).message).toContain(`"${key}"`);
  });
});

describe("an unknown course id is NOT_FOUND naming courseId", () => {
  test.each([
    ["course.get", { courseId: randomUUID() }],
    ["course.update", { courseId: randomUUID(), title: "T" }],
    ["course.archive", { courseId: randomUUID() }],
    ["enrollment.roster", { courseId: randomUUID() }],
    ["enrollment.add", { courseId: randomUUID(), email: "ada@example.com" }],
    ["enrollment.remove", { courseId: randomUUID(), userId: "someone" }],
    ["enrollment.setRole", { courseId: randomUUID(), userId: "someone", role: "ta" }],
    ["invite.settings", { courseId: randomUUID() }],
    ["invite.update", { courseId: randomUUID(), kind: "code", enabled: true }],
    ["invite.emails", { courseId: randomUUID(), emails: "ada@example.com" }],
    ["invite.importPreview", { courseId: randomUUID(), csv: "email,course\nada@example.com,X1\n" }],
  ] as const)("%s", async (path, input) => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, input));
    expectFieldError(error, "NOT_FOUND", "courseId", input.courseId);
  });
});

describe("an unknown workspace id is NOT_FOUND naming workspaceId", () => {
  test.each([
    ["workspace.get", (_s: Setup) => ({ workspaceId: randomUUID() })],
    ["workspace.history", (_s: Setup) => ({ workspaceId: randomUUID() })],
    ["workspace.setTemplate", (s: Setup) => ({ courseId: s.course.id, workspaceId: randomUUID() })],
    ["run.start", (s: Setup) => ({ courseId: s.course.id, workspaceId: randomUUID() })],
  ] as const)("%s", async (path, build) => {
    const s = await setup();
    const input = build(s);
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, input));
    expectFieldError(error, "NOT_FOUND", "workspaceId", input.workspaceId);
  });
});

describe("a workspace of another course is BAD_REQUEST naming workspaceId", () => {
  test.each(["workspace.setTemplate", "run.start"])("%s", async (path) => {
    const s = await setup();
    const other = await makeCourse(t.db, s.instructor);
    const ws = await s.teacher.workspace.getOrCreate({ courseId: other.id });
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, { courseId: s.course.id, workspaceId: ws.id }));
    expectFieldError(error, "BAD_REQUEST", "workspaceId", "another course");
  });
});

describe("length limits: exactly the limit is accepted, one more is BAD_REQUEST naming the field and the limit", () => {
  const textOf = (n: number) => `${unique()}${"x".repeat(n)}`.slice(0, n);
  const codeOf = (n: number) => `K${unique()}${"0".repeat(n)}`.slice(0, n);
  const emailOf = (n: number, domain = "@example.com") => `${unique()}${"a".repeat(n)}`.slice(0, n - domain.length).concat(domain);
  const courseByCode = async (input: { code: string }, column: string) =>
    (await t.sql`select * from courses where code = ${input.code}`)[0]?.[column];
  const profileOf = async (s: Setup, column: string) => (await t.sql`select * from "user" where id = ${s.admin.id}`)[0]?.[column];

  interface LimitCase {
    field: string;
    limit: number;
    path: string;
    value(n: number): string;
    input(s: Setup, value: string): Promise<Record<string, unknown>> | Record<string, unknown>;
    stored(s: Setup, input: any): Promise<unknown>;
  }
  const cases: LimitCase[] = [
    {
      field: "title",
      limit: 200,
      path: "course.create",
      value: textOf,
      input: (_s, v) => ({ code: newCode(), title: v }),
      stored: (_s, i) => courseByCode(i, "title"),
    },
    {
      field: "code",
      limit: 32,
      path: "course.create",
      value: codeOf,
      input: (_s, v) => ({ code: v, title: "T" }),
      stored: (_s, i) => courseByCode(i, "code"),
    },
    {
      field: "description",
      limit: 5000,
      path: "course.create",
      value: textOf,
      input: (_s, v) => ({ code: newCode(), title: "T", description: v }),
      stored: (_s, i) => courseByCode(i, "description"),
    },
    {
      field: "term",
      limit: 64,
      path: "course.create",
      value: textOf,
      input: (_s, v) => ({ code: newCode(), title: "T", term: v }),
      stored: (_s, i) => courseByCode(i, "term"),
    },
    {
      field: "title",
      limit: 200,
      path: "course.update",
      value: textOf,
      input: (s, v) => ({ courseId: s.course.id, title: v }),
      stored: async (s) => (await t.sql`select title from courses where id = ${s.course.id}`)[0]?.title,
    },
    {
      field: "name",
      limit: 100,
      path: "me.updateProfile",
      value: textOf,
      input: (_s, v) => ({ name: v }),
      stored: (s) => profileOf(s, "name"),
    },
    {
      field: "bio",
      limit: 1000,
      path: "me.updateProfile",
      value: textOf,
      input: (_s, v) => ({ name: "Ada", bio: v }),
      stored: (s) => profileOf(s, "bio"),
    },
    {
      field: "email",
      limit: 254,
      path: "enrollment.add",
      value: emailOf,
      async input(s, v) {
        await makeUser(t.db, { email: v });
        return { courseId: s.course.id, email: v };
      },
      stored: async (s, i) =>
        (
          await t.sql`select u.email from enrollments e join "user" u on u.id = e.user_id where e.course_id = ${s.course.id} and u.email = ${i.email}`
        )[0]?.email,
    },
  ];

  test.each(cases)("$path $field: $limit characters are stored", async (c) => {
    const s = await setup();
    const value = c.value(c.limit);
    expect(value).toHaveLength(c.limit);
    const input = await c.input(s, value);
    await callPath(s.asAdmin, c.path, input);
    expect(await c.stored(s, input)).toBe(value);
  });

  test.each(cases)("$path $field: one character over $limit is refused", async (c) => {
    const s = await setup();
    const value = c.value(c.limit + 1);
    expect(value).toHaveLength(c.limit + 1);
    const input = await c.input(s, value);
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, c.path, input));
    expectFieldError(error, "BAD_REQUEST", c.field, c.field, `limit is ${c.limit}`);
  });
});

describe("required text that is empty or only whitespace is BAD_REQUEST", () => {
  test.each([
    ["course.create", "title", ""],
    ["course.create", "title", "   "],
    ["course.create", "title", "\n\t "],
    ["course.create", "code", " "],
    ["course.update", "title", "  "],
    ["me.updateProfile", "name", "   "],
  ])("%s %s = %j", async (path, field, value) => {
    const s = await setup();
    const base: Record<string, Record<string, unknown>> = {
      "course.create": { code: newCode(), title: "T" },
      "course.update": { courseId: s.course.id },
      "me.updateProfile": { name: "Ada" },
    };
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, { ...base[path], [field]: value }));
    expectFieldError(error, "BAD_REQUEST", field, `${field} is required`);
  });
});

describe("course codes", () => {
  test.each(["CS 101", "-CS101", ".hidden", "cs/101", "CS101;drop", "ÇS101", "CS101\u0000", "😀"])(
    "%j has characters a code may not hold",
    async (code) => {
      const s = await setup();
      const error = await refusedWithoutWrites(t, () => s.teacher.course.create({ code, title: "T" }));
      expectFieldError(error, "BAD_REQUEST", "code", "code may hold only letters, digits");
    },
  );

  test("creating a course with an existing code in another case is CONFLICT naming code", async () => {
    const s = await setup();
    const code = `cs101-${unique()}`;
    await makeCourse(t.db, s.instructor, { code });
    const error = await refusedWithoutWrites(t, () => s.teacher.course.create({ code: code.toUpperCase(), title: "Again" }));
    expectFieldError(error, "CONFLICT", "code", "code", code.toUpperCase(), "already exists");
  });

  test("renaming a course to another course's code in another case is CONFLICT", async () => {
    const s = await setup();
    const other = await makeCourse(t.db, s.instructor, { code: `cs102-${unique()}` });
    const error = await refusedWithoutWrites(t, () => s.teacher.course.update({ courseId: s.course.id, code: other.code.toUpperCase() }));
    expectFieldError(error, "CONFLICT", "code", "code", "already exists");
  });

  test("changing only the case of a course's own code is allowed", async () => {
    const s = await setup();
    const updated = await s.teacher.course.update({ courseId: s.course.id, code: s.course.code.toLowerCase() });
    expect(updated.code).toBe(s.course.code.toLowerCase());
  });
});

describe("roster changes that cannot be done", () => {
  const enrollmentOf = async (courseId: string, userId: string) =>
    t.sql`select role from enrollments where course_id = ${courseId} and user_id = ${userId}`;

  test("enrolling an email with no account is NOT_FOUND, names the email and says what to do", async () => {
    const s = await setup();
    const email = `nobody-${unique()}@example.com`;
    const error = await refusedWithoutWrites(t, () => s.teacher.enrollment.add({ courseId: s.course.id, email }));
    expectFieldError(error, "NOT_FOUND", "email", email, "sign up");
  });

  test("enrolling someone twice is CONFLICT", async () => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () =>
      s.teacher.enrollment.add({ courseId: s.course.id, email: s.student.email, role: "ta" }),
    );
    expectFieldError(error, "CONFLICT", "email", s.student.email, "already enrolled");
    expect(await enrollmentOf(s.course.id, s.student.id)).toEqual([{ role: "student" }]);
  });

  test.each(["teacher", "asAdmin"] as const)("removing the last instructor is CONFLICT (%s) and the enrollment stays", async (who) => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () => s[who].enrollment.remove({ courseId: s.course.id, userId: s.instructor.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("at least one instructor");
    expect(await enrollmentOf(s.course.id, s.instructor.id)).toEqual([{ role: "instructor" }]);
  });

  test.each(["ta", "student"] as const)("demoting the last instructor to %s is CONFLICT and the role stays", async (role) => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () =>
      s.teacher.enrollment.setRole({ courseId: s.course.id, userId: s.instructor.id, role }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("at least one instructor");
    expect(await enrollmentOf(s.course.id, s.instructor.id)).toEqual([{ role: "instructor" }]);
  });

  test.each(["enrollment.remove", "enrollment.setRole"])("%s on someone not enrolled is NOT_FOUND naming userId", async (path) => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () =>
      callPath(s.teacher, path, { courseId: s.course.id, userId: s.admin.id, ...(path === "enrollment.setRole" ? { role: "ta" } : {}) }),
    );
    expectFieldError(error, "NOT_FOUND", "userId", s.admin.id);
  });

  test.each([
    ["enrollment.add", (s: Setup) => ({ courseId: s.course.id, email: s.admin.email })],
    ["enrollment.remove", (s: Setup) => ({ courseId: s.course.id, userId: s.student.id })],
    ["enrollment.setRole", (s: Setup) => ({ courseId: s.course.id, userId: s.student.id, role: "ta" })],
  ] as const)("%s on an archived course is CONFLICT and says to restore it", async (path, input) => {
    const s = await setup({ archived: true });
    for (const caller of [s.teacher, s.asAdmin]) {
      const error = await refusedWithoutWrites(t, () => callPath(caller, path, input(s)));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/archived.*restore/);
    }
  });
});

describe("text Postgres cannot store (a NUL character) is BAD_REQUEST, not a server error", () => {
  test.each([
    ["course.create", "title", () => ({ code: newCode(), title: "Intro\u0000" })],
    ["me.updateProfile", "name", () => ({ name: "Ada\u0000Lovelace" })],
  ] as const)("%s %s", async (path, field, input) => {
    const s = await setup();
    const error = await refusedWithoutWrites(t, () => callPath(s.asAdmin, path, input()));
    expectFieldError(error, "BAD_REQUEST", field, field);
  });
});
