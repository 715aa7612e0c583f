import type { DbOrTx } from "@codeclass/db";
import { requireCourse } from "../access/require-course.ts";
import type { Actor } from "../actor.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import { badRequest } from "../errors.ts";
import { type ActivityDashboard, dashboard } from "./dashboard.ts";
import type { ActivityRange } from "./range.ts";

/**
 * Who may see activity: the whole platform's, administrators; one course's, its instructors and
 * TAs and administrators (students never, not even their own course's). Returns the course's code
 * (null for the platform).
 */
export async function requireActivityAccess(db: DbOrTx, actor: Actor, courseId: string | null): Promise<string | null> {
  if (courseId === null) {
    requireAdmin(actor);
    return null;
  }
  const { course } = await requireCourse(db, actor, courseId, "roster");
  return course.code;
}

/** The dashboard; a zone this runtime knows but the database's tz data does not is the caller's to change. */
export async function readDashboard(db: DbOrTx, range: ActivityRange): Promise<ActivityDashboard> {
  try {
    return await dashboard(db, range);
  } catch (error) {
    // 22023 invalid_parameter_value: "time zone ... not recognized".
    if ((error as { code?: string }).code === "22023" && /time zone/i.test(String((error as Error).message)))
      throw badRequest(`the database does not know the time zone ${range.timeZone}: choose another name for it, such as UTC`, "timeZone");
    throw error;
  }
}
