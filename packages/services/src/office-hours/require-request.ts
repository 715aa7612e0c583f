import { type DbOrTx, officeHourRequests } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { type CourseAccess, requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import type { OfficeHourRow } from "./view.ts";

/** A request (locked for update inside a transaction) and the caller's standing in its course (any member). */
export async function requireRequest(
  tx: DbOrTx,
  actor: Actor,
  requestId: string,
): Promise<{ request: OfficeHourRow; access: CourseAccess; staff: boolean }> {
  const [request] = await tx.select().from(officeHourRequests).where(eq(officeHourRequests.id, requestId)).for("update");
  if (!request) throw notFound(`No office-hours request has id ${requestId}`, "requestId");
  const access = await requireCourse(tx, actor, request.courseId, "view");
  return { request, access, staff: access.canSeeRoster };
}
