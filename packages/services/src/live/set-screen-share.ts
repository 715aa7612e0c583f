import { courseSessions, type Database, enrollments } from "@codeclass/db";
import { liveScreenShareInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { applyPermissions } from "./apply-permissions.ts";
import type { LiveKitConfig } from "./config.ts";

/** Staff let one student of the course share their screen in this session, or take it back. */
export async function setScreenShare(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof liveScreenShareInput>,
) {
  const { sessionId, userId, allowed } = liveScreenShareInput.parse(raw);
  const session = await db.transaction(async (tx) => {
    const { session: before } = await requireSession(tx, actor, sessionId, "staff", true);
    if (before.status === "ended") throw conflict("this session has ended");
    const [member] = await tx
      .select({ role: enrollments.role })
      .from(enrollments)
      .where(and(eq(enrollments.courseId, before.courseId), eq(enrollments.userId, userId)))
      .limit(1);
    if (member?.role !== "student") throw badRequest("is not a student of this course (staff can always share their screen)", "userId");
    const grants = new Set(before.screenShareGrants);
    if (allowed) grants.add(userId);
    else grants.delete(userId);
    const [row] = await tx
      .update(courseSessions)
      .set({ screenShareGrants: [...grants] })
      .where(eq(courseSessions.id, sessionId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: allowed ? "live.grantScreenShare" : "live.revokeScreenShare",
      targetType: "session",
      targetId: sessionId,
      courseId: before.courseId,
      data: { userId },
    });
    return row!;
  });
  const updated = config && session.status === "live" ? await applyPermissions(db, config, session, userId) : 0;
  return { userId, allowed, updatedParticipants: updated };
}
