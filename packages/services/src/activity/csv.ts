import type { DbOrTx } from "@codeclass/db";
import { type ActivityCsvInput, activityCsvInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { chartCsv } from "./chart-csv.ts";
import { activityRange } from "./range.ts";
import { readDashboard, requireActivityAccess } from "./scope.ts";

/**
 * One chart's data as a CSV file: a course's with `courseId` (its staff and administrators), the
 * platform's without (administrators). Cells are escaped against formula injection.
 */
export async function csv(db: DbOrTx, actor: Actor, raw: ActivityCsvInput) {
  const input = activityCsvInput.parse(raw);
  const courseCode = await requireActivityAccess(db, actor, input.courseId ?? null);
  const { chart, ...scope } = input;
  const data = await readDashboard(db, activityRange(scope));
  return {
    filename: `activity-${courseCode ?? "platform"}-${chart}-${input.from}-to-${input.to}.csv`,
    csv: chartCsv(chart, data),
  };
}
