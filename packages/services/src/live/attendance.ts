import { type DbOrTx, sessionAttendance, user } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";

/** Minutes covered by the union of intervals (two tabs at once count once); open ones run to `now`. */
export function minutesPresent(intervals: { joinedAt: Date; leftAt: Date | null }[], now: Date): number {
  const spans = intervals
    .map((i) => [i.joinedAt.getTime(), (i.leftAt ?? now).getTime()] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [from, to] = [Number.NaN, Number.NaN];
  for (const [a, b] of spans) {
    if (Number.isNaN(from) || a > to) {
      if (!Number.isNaN(from)) total += to - from;
      [from, to] = [a, b];
    } else to = Math.max(to, b);
  }
  if (!Number.isNaN(from)) total += to - from;
  return Math.round((total / 60_000) * 10) / 10;
}

/** Who attended a session, for its staff: per user the first join, the last leave and minutes present. */
export async function attendance(db: DbOrTx, actor: Actor, raw: z.input<typeof sessionRef>, now = new Date()) {
  const { sessionId } = sessionRef.parse(raw);
  await requireSession(db, actor, sessionId, "staff");
  const rows = await db
    .select({ userId: sessionAttendance.userId, name: user.name, joinedAt: sessionAttendance.joinedAt, leftAt: sessionAttendance.leftAt })
    .from(sessionAttendance)
    .innerJoin(user, eq(user.id, sessionAttendance.userId))
    .where(eq(sessionAttendance.sessionId, sessionId))
    .orderBy(asc(sessionAttendance.joinedAt));
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  return [...byUser.values()].map((list) => {
    const open = list.some((r) => r.leftAt === null);
    return {
      userId: list[0]!.userId,
      name: list[0]!.name,
      firstJoinedAt: list[0]!.joinedAt,
      lastLeftAt: open ? null : new Date(Math.max(...list.map((r) => r.leftAt!.getTime()))),
      present: open,
      minutes: minutesPresent(list, now),
    };
  });
}
