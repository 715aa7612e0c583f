import { type Database, officeHourRequests } from "@codeclass/db";
import { officeHoursRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden } from "../errors.ts";
import { notifyOfficeHours } from "./notify.ts";
import { requireRequest } from "./require-request.ts";
import { type OfficeHourRequest, requestViews } from "./view.ts";

/**
 * A staff member takes a waiting request: the call (a two-person LiveKit room) opens for the
 * student and them. A request for a named staff member is theirs to accept. Audited.
 */
export async function accept(db: Database, actor: Actor, raw: z.input<typeof officeHoursRef>): Promise<OfficeHourRequest> {
  const { requestId } = officeHoursRef.parse(raw);
  return db.transaction(async (tx) => {
    const { request, staff } = await requireRequest(tx, actor, requestId);
    if (!staff) throw forbidden("Only the course's instructors and TAs accept office-hours requests");
    if (request.staffId && request.staffId !== actor.id) throw forbidden("This request asks for another staff member");
    if (request.status !== "waiting") throw conflict(`this request is ${request.status}, not waiting`, "requestId");
    await tx
      .update(officeHourRequests)
      .set({ status: "active", acceptedBy: actor.id, acceptedAt: sql`now()` })
      .where(eq(officeHourRequests.id, requestId));
    await notifyOfficeHours(tx, request.courseId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "officeHours.accept",
      targetType: "office_hours",
      targetId: requestId,
      courseId: request.courseId,
      data: { studentId: request.studentId },
    });
    const [view] = await requestViews(tx, eq(officeHourRequests.id, requestId));
    return view!;
  });
}
