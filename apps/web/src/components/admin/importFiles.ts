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

/** A template as CSV text (its example values hold no commas, quotes or formulas). */
export function templateCsv(kind: ImportKind): string {
  return `${importTemplates[kind].rows.map((r) => r.join(",")).join("\r\n")}\r\n`;
}
