import type { DbOrTx } from "@codeclass/db";
import { type ActivityCourseInput, activityCourseInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { activityRange } from "./range.ts";
import { readDashboard, requireActivityAccess } from "./scope.ts";

/** One course's activity over a date range (its instructors and TAs, and administrators). */
export async function course(db: DbOrTx, actor: Actor, raw: ActivityCourseInput) {
  const input = activityCourseInput.parse(raw);
  await requireActivityAccess(db, actor, input.courseId);
  return readDashboard(db, activityRange(input));
}
