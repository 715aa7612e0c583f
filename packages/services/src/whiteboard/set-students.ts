import { courseSessions, type Database } from "@codeclass/db";
import { whiteboardStudentsInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { notifyWhiteboard } from "./notify.ts";

/**
 * Staff let students draw on the session's whiteboard, or stop them. Open whiteboard connections
 * follow at once (the collaboration server hears the NOTIFY and turns students read-only or back).
 */
export async function setStudents(db: Database, actor: Actor, raw: z.input<typeof whiteboardStudentsInput>) {
  const { sessionId, allowed } = whiteboardStudentsInput.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    if (session.status === "ended") throw conflict("this session has ended");
    await tx.update(courseSessions).set({ whiteboardStudents: allowed }).where(eq(courseSessions.id, sessionId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: allowed ? "whiteboard.allowStudents" : "whiteboard.forbidStudents",
      targetType: "session",
      targetId: sessionId,
      courseId: session.courseId,
    });
    await notifyWhiteboard(tx, sessionId);
    return { sessionId, whiteboardStudents: allowed };
  });
}
