import { type Database, officeHourRequests } from "@codeclass/db";
import { officeHoursRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden } from "../errors.ts";
import type { LiveKitConfig } from "../live/config.ts";
import { roomService, unlessMissing } from "../live/room.ts";
import { notifyOfficeHours } from "./notify.ts";
import { requireRequest } from "./require-request.ts";
import { officeHoursRoom } from "./room.ts";
import { type OfficeHourRequest, requestViews } from "./view.ts";

/**
 * Ends a call: its student, or any staff member of the course. With video configured, the room
 * is closed too (so nobody stays in it). Audited.
 */
export async function end(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof officeHoursRef>,
): Promise<OfficeHourRequest> {
  const { requestId } = officeHoursRef.parse(raw);
  return db.transaction(async (tx) => {
    const { request, staff } = await requireRequest(tx, actor, requestId);
    if (!staff && request.studentId !== actor.id) throw forbidden("Only the call's student and the course's staff end it");
    if (request.status !== "active") throw conflict(`this request is ${request.status}: there is no call to end`, "requestId");
    await tx
      .update(officeHourRequests)
      .set({ status: "ended", endedAt: sql`now()`, endedBy: actor.id })
      .where(eq(officeHourRequests.id, requestId));
    if (config) await unlessMissing(roomService(config).deleteRoom(officeHoursRoom(requestId)), undefined);
    await notifyOfficeHours(tx, request.courseId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "officeHours.end",
      targetType: "office_hours",
      targetId: requestId,
      courseId: request.courseId,
      data: { studentId: request.studentId },
    });
    const [view] = await requestViews(tx, eq(officeHourRequests.id, requestId));
    return view!;
  });
}
