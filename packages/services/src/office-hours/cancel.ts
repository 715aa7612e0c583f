import { type Database, officeHourRequests } from "@codeclass/db";
import { officeHoursRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict, forbidden } from "../errors.ts";
import { notifyOfficeHours } from "./notify.ts";
import { requireRequest } from "./require-request.ts";
import { type OfficeHourRequest, requestViews } from "./view.ts";

/** The student withdraws a request that no staff member has accepted yet. */
export async function cancel(db: Database, actor: Actor, raw: z.input<typeof officeHoursRef>): Promise<OfficeHourRequest> {
  const { requestId } = officeHoursRef.parse(raw);
  return db.transaction(async (tx) => {
    const { request } = await requireRequest(tx, actor, requestId);
    if (request.studentId !== actor.id) throw forbidden("Only the student who asked cancels a request");
    if (request.status !== "waiting")
      throw conflict(
        request.status === "active"
          ? "a staff member accepted this request: end the call instead"
          : `this request is already ${request.status}`,
        "requestId",
      );
    await tx
      .update(officeHourRequests)
      .set({ status: "cancelled", endedAt: sql`now()`, endedBy: actor.id })
      .where(eq(officeHourRequests.id, requestId));
    await notifyOfficeHours(tx, request.courseId);
    const [view] = await requestViews(tx, eq(officeHourRequests.id, requestId));
    return view!;
  });
}
