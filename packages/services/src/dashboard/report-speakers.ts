import { type Database, enrollments, sessionSpeakerState, sessionTalkTime } from "@codeclass/db";
import { speakersReportInput } from "@codeclass/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict } from "../errors.ts";
import { userIdOfIdentity } from "../live/moderate.ts";
import { requireSession } from "../session/require-session.ts";

/** The most talk time one report credits: a client that stops reporting cannot credit the gap. */
export const maxSpeakerCreditMs = 5_000;

/**
 * A staff client reports the active speakers of the session's LiveKit room (its
 * ActiveSpeakersChanged event, and again every few seconds while someone speaks). The speakers of
 * the previous report, from any staff client, are credited the time since it, at most
 * `maxSpeakerCreditMs`; then the new set is kept. Trust: only the course's staff may report (a
 * student's client could claim talk time), identities are mapped to users and only the course's
 * students are counted, and the credit is bounded per interval, so several staff clients
 * reporting at once split the time instead of adding it up.
 */
export async function reportSpeakers(
  db: Database,
  actor: Actor,
  raw: z.input<typeof speakersReportInput>,
  now = new Date(),
): Promise<{ credited: number; speakers: number }> {
  const input = speakersReportInput.parse(raw);
  const { session } = await requireSession(db, actor, input.sessionId, "staff");
  if (session.status !== "live") throw conflict("this session is not live: there is no talk time to report", "sessionId");
  const ids = [...new Set(input.identities.map(userIdOfIdentity))];
  return db.transaction(async (tx) => {
    const students =
      ids.length === 0
        ? []
        : (
            await tx
              .select({ userId: enrollments.userId })
              .from(enrollments)
              .where(and(eq(enrollments.courseId, session.courseId), eq(enrollments.role, "student"), inArray(enrollments.userId, ids)))
          ).map((r) => r.userId);
    await tx.insert(sessionSpeakerState).values({ sessionId: session.id, speakers: [], reportedAt: now }).onConflictDoNothing();
    const [state] = await tx.select().from(sessionSpeakerState).where(eq(sessionSpeakerState.sessionId, session.id)).for("update");
    const credit = Math.max(0, Math.min(maxSpeakerCreditMs, now.getTime() - state!.reportedAt.getTime()));
    const credited = credit > 0 ? state!.speakers : [];
    const touched = [...new Set([...credited, ...students])];
    for (const userId of touched) {
      const ms = credited.includes(userId) ? credit : 0;
      await tx
        .insert(sessionTalkTime)
        .values({ sessionId: session.id, userId, ms, lastSpokeAt: now })
        .onConflictDoUpdate({
          target: [sessionTalkTime.sessionId, sessionTalkTime.userId],
          set: { ms: sql`${sessionTalkTime.ms} + ${ms}`, lastSpokeAt: now },
        });
    }
    await tx.update(sessionSpeakerState).set({ speakers: students, reportedAt: now }).where(eq(sessionSpeakerState.sessionId, session.id));
    return { credited: credit * credited.length, speakers: students.length };
  });
}
