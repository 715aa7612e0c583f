import { courses, type DbOrTx, enrollments, user } from "@codeclass/db";
import { type CourseRole, type ImportColumn, type ImportKind, importRow } from "@codeclass/validators";
import { and, inArray, sql } from "drizzle-orm";
import type { ImportProblem, ParsedCsv } from "./parse.ts";

export type Change = "new" | "updated" | "unchanged";
export interface ChangeCounts {
  new: number;
  updated: number;
  unchanged: number;
}

/** What a commit would write: the rows of each table, each with its change. */
export interface ImportPlan {
  kind: ImportKind;
  users: { email: string; name: string; role: "student" | "instructor"; id: string | null; change: Change }[];
  courses: { code: string; title: string; term: string | null; description: string; id: string | null; change: Change }[];
  enrollments: { email: string; userId: string | null; courseCode: string; courseId: string; role: CourseRole; change: Change }[];
  problems: ImportProblem[];
  /** Rows read (not counting the header and empty lines). */
  rows: number;
}

/**
 * Limits an import to one course (an instructor's roster import): only enrollments and roster
 * files, every row's course must be this one, only these roles, and a row may not change an
 * instructor's enrollment. The caller has checked that the actor manages the course.
 */
export interface ImportScope {
  courseId: string;
  /** The course roles a row may give. */
  roles: readonly CourseRole[];
}

const counts = (items: { change: Change }[]): ChangeCounts => ({
  new: items.filter((i) => i.change === "new").length,
  updated: items.filter((i) => i.change === "updated").length,
  unchanged: items.filter((i) => i.change === "unchanged").length,
});

/** Counts per table, and how many rows have a problem. */
export function summarize(plan: ImportPlan) {
  const badLines = new Set(plan.problems.map((p) => p.line));
  return {
    kind: plan.kind,
    rows: plan.rows,
    rowsWithErrors: badLines.size,
    users: counts(plan.users),
    courses: counts(plan.courses),
    enrollments: counts(plan.enrollments),
  };
}

/**
 * Checks every row (its values, duplicates in the file, what it refers to in the database) and
 * works out what a commit would change. Reads only. Run it again inside the commit's
 * transaction: what it found then is what is written.
 */
export async function planImport(db: DbOrTx, parsed: ParsedCsv, scope?: ImportScope): Promise<ImportPlan> {
  const { kind } = parsed;
  const problems = [...parsed.problems];
  const plan: ImportPlan = { kind, users: [], courses: [], enrollments: [], problems, rows: parsed.rows.length };
  if (scope && kind !== "roster" && kind !== "enrollments") {
    problems.push({ line: 1, column: null, reason: `an instructor imports a roster (email, name, course, role), not a ${kind} file` });
    return plan;
  }
  const header = (column: string) => parsed.headers[column as ImportColumn] ?? column;
  const schema = importRow[kind];

  type Valid = { line: number; row: Record<string, string | undefined> };
  const valid: Valid[] = [];
  for (const { line, values } of parsed.rows) {
    const result = schema.safeParse(values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "");
        problems.push({ line, column: column ? header(column) : null, reason: issue.message });
      }
      continue;
    }
    valid.push({ line, row: result.data as Record<string, string | undefined> });
  }

  // Duplicates in the file: the first row wins, the others are errors naming it.
  const firstLine = new Map<string, number>();
  const unique = valid.filter(({ line, row }) => {
    const key =
      kind === "users" ? row.email! : kind === "courses" ? row.code!.toLowerCase() : `${row.email}\u0000${row.course!.toLowerCase()}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      const what = kind === "users" ? "email" : kind === "courses" ? "code" : "email and course";
      problems.push({ line, column: header(kind === "courses" ? "code" : "email"), reason: `repeats the ${what} of line ${first}` });
      return false;
    }
    firstLine.set(key, line);
    return true;
  });

  if (kind === "courses") {
    const codes = unique.map(({ row }) => row.code!.toLowerCase());
    const existing = codes.length
      ? await db
          .select({ id: courses.id, code: courses.code, title: courses.title, term: courses.term, description: courses.description })
          .from(courses)
          .where(sql`lower(${courses.code}) = any(${sql.param(codes)}::text[])`)
      : [];
    const byCode = new Map(existing.map((c) => [c.code.toLowerCase(), c]));
    for (const { row } of unique) {
      const old = byCode.get(row.code!.toLowerCase());
      // A blank term or description keeps the course's own; an existing course keeps its code's spelling.
      const next = {
        code: old?.code ?? row.code!,
        title: row.title!,
        term: row.term ?? old?.term ?? null,
        description: row.description ?? old?.description ?? "",
      };
      const change: Change = !old
        ? "new"
        : old.title !== next.title || (old.term ?? null) !== next.term || old.description !== next.description
          ? "updated"
          : "unchanged";
      plan.courses.push({ ...next, id: old?.id ?? null, change });
    }
    return plan;
  }

  // Accounts the file refers to.
  const emails = [...new Set(unique.map(({ row }) => row.email!))];
  const accounts = emails.length
    ? await db
        .select({ id: user.id, email: user.email, name: user.name, role: user.role })
        .from(user)
        .where(sql`${user.email} = any(${sql.param(emails)}::text[])`)
    : [];
  const byEmail = new Map(accounts.map((a) => [a.email, a]));

  if (kind === "users") {
    for (const { line, row } of unique) {
      const old = byEmail.get(row.email!);
      const role = row.role as "student" | "instructor";
      if (old?.role === "admin") {
        problems.push({ line, column: header("role"), reason: `${row.email} is an admin; an import does not change an admin's role` });
        continue;
      }
      const change: Change = !old ? "new" : old.name !== row.name || old.role !== role ? "updated" : "unchanged";
      plan.users.push({ email: row.email!, name: row.name!, role, id: old?.id ?? null, change });
    }
    return plan;
  }

  // enrollments and roster: the courses they name must exist and be open.
  const codes = [...new Set(unique.map(({ row }) => row.course!.toLowerCase()))];
  const courseRows = codes.length
    ? await db
        .select({ id: courses.id, code: courses.code, archivedAt: courses.archivedAt })
        .from(courses)
        .where(sql`lower(${courses.code}) = any(${sql.param(codes)}::text[])`)
    : [];
  const courseByCode = new Map(courseRows.map((c) => [c.code.toLowerCase(), c]));
  const userIds = accounts.map((a) => a.id);
  const current =
    userIds.length && courseRows.length
      ? await db
          .select({ courseId: enrollments.courseId, userId: enrollments.userId, role: enrollments.role })
          .from(enrollments)
          .where(
            and(
              inArray(
                enrollments.courseId,
                courseRows.map((c) => c.id),
              ),
              sql`${enrollments.userId} = any(${sql.param(userIds)}::text[])`,
            ),
          )
      : [];
  const enrolled = new Map(current.map((e) => [`${e.userId}\u0000${e.courseId}`, e.role]));

  const newAccounts = new Map<string, { line: number; name: string }>();
  for (const { line, row } of unique) {
    const course = courseByCode.get(row.course!.toLowerCase());
    const account = byEmail.get(row.email!);
    let ok = true;
    if (scope && course?.id !== scope.courseId) {
      // Whether another course exists (or is archived) is none of the importer's business.
      problems.push({ line, column: header("course"), reason: `"${row.course}" is not the course you are importing into` });
      ok = false;
    } else if (!course) {
      problems.push({
        line,
        column: header("course"),
        reason: `no course has the code "${row.course}"; import it first, or check the spelling`,
      });
      ok = false;
    } else if (course.archivedAt) {
      problems.push({ line, column: header("course"), reason: `the course "${course.code}" is archived; restore it before enrolling` });
      ok = false;
    }
    if (!account) {
      if (kind === "enrollments") {
        problems.push({
          line,
          column: header("email"),
          reason: `no account uses ${row.email}; import it as a user first, or use the roster format with a name`,
        });
        ok = false;
      } else if (!row.name) {
        problems.push({ line, column: header("name"), reason: `is required for ${row.email}, who has no account yet` });
        ok = false;
      } else {
        const first = newAccounts.get(row.email!);
        if (first && first.name !== row.name) {
          problems.push({ line, column: header("name"), reason: `differs from the name given for ${row.email} on line ${first.line}` });
          ok = false;
        } else if (!first) newAccounts.set(row.email!, { line, name: row.name });
      }
    }
    const role = row.role as CourseRole;
    const had = account && course ? enrolled.get(`${account.id}\u0000${course.id}`) : undefined;
    if (scope && ok && !scope.roles.includes(role)) {
      problems.push({ line, column: header("role"), reason: `must be ${scope.roles.join(" or ")}` });
      ok = false;
    } else if (scope && ok && had === "instructor") {
      problems.push({
        line,
        column: header("role"),
        reason: `${row.email} teaches this course; an import does not change an instructor's role`,
      });
      ok = false;
    }
    if (!ok || !course) continue;
    const change: Change = had === undefined ? "new" : had !== role ? "updated" : "unchanged";
    plan.enrollments.push({ email: row.email!, userId: account?.id ?? null, courseCode: course.code, courseId: course.id, role, change });
  }
  for (const [email, { name }] of newAccounts) plan.users.push({ email, name, role: "student", id: null, change: "new" });
  return plan;
}
