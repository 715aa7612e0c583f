import { courseSessions, type Database } from "@codeclass/db";
import { liveStudentMediaInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { applyPermissions } from "./apply-permissions.ts";
import type { LiveKitConfig } from "./config.ts";

/** Staff allow or forbid students' cameras and microphones; connected students get it at once when video is on. */
export async function setStudentMedia(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof liveStudentMediaInput>,
) {
  const { sessionId, allowed } = liveStudentMediaInput.parse(raw);
  const session = await db.transaction(async (tx) => {
    const { session: before } = await requireSession(tx, actor, sessionId, "staff", true);
    if (before.status === "ended") throw conflict("this session has ended");
    const [row] = await tx.update(courseSessions).set({ studentMedia: allowed }).where(eq(courseSessions.id, sessionId)).returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: allowed ? "live.allowStudentMedia" : "live.forbidStudentMedia",
      targetType: "session",
      targetId: sessionId,
      courseId: before.courseId,
    });
    return row!;
  });
  const updated = config && session.status === "live" ? await applyPermissions(db, config, session) : 0;
  return { studentMedia: session.studentMedia, updatedParticipants: updated };
}
