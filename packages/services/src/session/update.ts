import { courseSessions, type Database } from "@codeclass/db";
import { type SessionUpdateInput, sessionUpdateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { publicSession } from "./public-session.ts";
import { requireSession } from "./require-session.ts";

/** Staff change a session's title, start or duration; an ended session stays as it was. */
export async function update(db: Database, actor: Actor, raw: SessionUpdateInput) {
  const { sessionId, title, startsAt, durationMinutes } = sessionUpdateInput.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    if (session.status === "ended") throw conflict("this session has ended and can no longer be changed; schedule a new one");
    const start = startsAt ?? session.startsAt;
    const minutes = durationMinutes ?? Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
    const [row] = await tx
      .update(courseSessions)
      .set({ title: title ?? session.title, startsAt: start, endsAt: new Date(start.getTime() + minutes * 60_000) })
      .where(eq(courseSessions.id, sessionId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "session.update",
      targetType: "session",
      targetId: sessionId,
      courseId: session.courseId,
      data: { title, startsAt: startsAt?.toISOString(), durationMinutes },
    });
    return publicSession(row!, true);
  });
}
