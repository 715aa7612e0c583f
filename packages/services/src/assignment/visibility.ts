import type { assignmentTests } from "@codeclass/db";
import type { AssignmentRow } from "./require-assignment.ts";

type TestRow = typeof assignmentTests.$inferSelect;

/**
 * Whether a viewer may see a test's name, input, expected output, their output and the diff.
 * Staff always; a student a visible test, and an "after_due" one once both the assignment's due
 * date and their own (extended) one have passed; a hidden test never.
 */
export function testRevealed(
  test: Pick<TestRow, "visibility">,
  assignment: Pick<AssignmentRow, "dueAt">,
  viewer: { staff: boolean; dueAt: Date | null },
  now = new Date(),
): boolean {
  if (viewer.staff) return true;
  if (test.visibility === "visible") return true;
  if (test.visibility === "hidden") return false;
  const due = [assignment.dueAt, viewer.dueAt].filter((d): d is Date => d !== null);
  return due.length > 0 && due.every((d) => d <= now);
}
