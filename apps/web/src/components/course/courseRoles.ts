import { roleLabel } from "@codeclass/ui";
import { courseRoles } from "@codeclass/validators";

/** The course roles as select options, in order of rank: Instructor, TA, Student. */
export const courseRoleOptions = courseRoles.map((role) => ({ value: role, label: roleLabel(role) }));

const nouns: Record<(typeof courseRoles)[number], string> = { instructor: "an instructor", ta: "a TA", student: "a student" };

/** A role as it reads in a sentence: "an instructor", "a TA", "a student". */
export function roleNoun(role: (typeof courseRoles)[number]): string {
  return nouns[role];
}
