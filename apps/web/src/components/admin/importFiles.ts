import type { ImportKind } from "@codeclass/validators";

/** One template per kind: its header and two example rows, as an admin downloads it. */
export const importTemplates: Record<ImportKind, { label: string; rows: string[][]; about: string }> = {
  roster: {
    label: "Roster (people and their courses)",
    about: "Creates the accounts that do not exist yet and enrolls everyone. One row per person and course.",
    rows: [
      ["email", "name", "course", "role"],
      ["ada@school.example", "Ada Lovelace", "CS101-2026F", "student"],
      ["kim@school.example", "김민준", "CS101-2026F", "ta"],
    ],
  },
  users: {
    label: "Users",
    about: "Creates accounts (or updates their name and role). Roles: student or instructor.",
    rows: [
      ["email", "name", "role"],
      ["ada@school.example", "Ada Lovelace", "student"],
      ["grace@school.example", "Grace Hopper", "instructor"],
    ],
  },
  courses: {
    label: "Courses",
    about: "Creates courses, or updates the title, term and description of those whose code exists.",
    rows: [
      ["code", "title", "term", "description"],
      ["CS101-2026F", "Introduction to programming", "2026 Fall", "Python from the first line"],
    ],
  },
  enrollments: {
    label: "Enrollments (existing accounts)",
    about: "Enrolls existing accounts in existing courses. Roles: student, ta or instructor.",
    rows: [
      ["email", "course", "role"],
      ["ada@school.example", "CS101-2026F", "student"],
    ],
  },
};

/**
 * One CSV cell: quoted when it holds a comma, quote or line break, and a leading `=`, `+`, `-`,
 * `@`, tab or carriage return neutralised with a `'`, so a spreadsheet never runs it as a formula.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text (CRLF, with a BOM so spreadsheets read UTF-8 names right). */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Starts a download of `text` as a file (nothing leaves the browser). */
export function downloadText(name: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
