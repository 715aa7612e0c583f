import type { Actor } from "../actor.ts";
import { toCsv } from "../csv.ts";
import { forbidden } from "../errors.ts";
import type { ImportProblem } from "./parse.ts";
import { type ImportPlan, summarize } from "./plan.ts";

/** Problems listed in a preview or a refused commit (the count says how many there are in all). */
export const problemsShown = 1000;

export type ImportSummary = ReturnType<typeof summarize>;
export interface ImportReport {
  summary: ImportSummary;
  /** The first `problemsShown` problems, by line. */
  problems: ImportProblem[];
  problemCount: number;
  /** Headers the kind does not read. */
  ignoredHeaders: string[];
  /** Every problem (not only the first shown) as a CSV file: line, column, problem; null when there are none. */
  errorReportCsv: string | null;
}
export type ImportOutcome = ({ committed: true; importId: string } | { committed: false }) & ImportReport;

/** Bulk import is for admins (and the operator CLI, whose actor is null). */
export function requireImporter(actor: Actor | null): void {
  if (actor && actor.role !== "admin") throw forbidden("Only an admin can import users, courses and enrollments");
}

export function report(plan: ImportPlan, ignoredHeaders: string[]): ImportReport {
  const problems = [...plan.problems].sort((a, b) => a.line - b.line);
  const errorReportCsv = problems.length
    ? toCsv<ImportProblem>(
        [
          { header: "line", value: (p) => p.line },
          { header: "column", value: (p) => p.column ?? "" },
          { header: "problem", value: (p) => p.reason },
        ],
        problems,
      )
    : null;
  return {
    summary: summarize(plan),
    problems: problems.slice(0, problemsShown),
    problemCount: problems.length,
    ignoredHeaders,
    errorReportCsv,
  };
}

/** The report as an import's row keeps it (its CSV is a column of its own). */
export function storedReport(result: ImportReport): Omit<ImportReport, "errorReportCsv"> {
  const { errorReportCsv: _, ...rest } = result;
  return rest;
}

/** What a commit wrote, one line per record with its change (new, updated, unchanged): the import's result file. */
export function resultCsv(plan: ImportPlan): string {
  type Line = { record: string; email: string; name: string; course: string; role: string; change: string };
  const lines: Line[] = [
    ...plan.courses.map((c) => ({ record: "course", email: "", name: c.title, course: c.code, role: "", change: c.change })),
    ...plan.users.map((u) => ({ record: "user", email: u.email, name: u.name, course: "", role: u.role, change: u.change })),
    ...plan.enrollments.map((e) => ({
      record: "enrollment",
      email: e.email,
      name: "",
      course: e.courseCode,
      role: e.role,
      change: e.change,
    })),
  ];
  return toCsv<Line>(
    (["record", "email", "name", "course", "role", "change"] as const).map((k) => ({ header: k, value: (l) => l[k] })),
    lines,
  );
}
