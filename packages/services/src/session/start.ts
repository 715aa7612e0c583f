import { courseSessions, type Database } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { publicSession } from "./public-session.ts";
import { requireSession } from "./require-session.ts";

/** Staff open a scheduled session (early or late): members can join it from now on. */
export async function start(db: Database, actor: Actor, raw: z.input<typeof sessionRef>) {
  const { sessionId } = sessionRef.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    if (session.status === "ended") throw conflict("this session has ended; schedule a new one to meet again");
    if (session.status === "live") return publicSession(session, true);
    const [row] = await tx
      .update(courseSessions)
      .set({ status: "live", startedAt: new Date() })
      .where(eq(courseSessions.id, sessionId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "session.start",
      targetType: "session",
      targetId: sessionId,
      courseId: session.courseId,
    });
    return publicSession(row!, true);
  });
}
