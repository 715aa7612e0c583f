import { type Database, sessionBreakouts } from "@codeclass/db";
import { breakoutTimerInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { requireOpenBreakout } from "./current.ts";
import { type BreakoutsState, readState } from "./state.ts";
import { scheduleTimer } from "./timer.ts";

/** Staff set the open round's timer to `minutes` from now (everyone is recalled then), or stop it (null). */
export async function setTimer(db: Database, actor: Actor, raw: z.input<typeof breakoutTimerInput>): Promise<BreakoutsState> {
  const input = breakoutTimerInput.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, input.sessionId, "staff");
    const round = await requireOpenBreakout(tx, input.sessionId);
    const [row] = await tx
      .update(sessionBreakouts)
      .set({ endsAt: input.minutes === null ? null : sql`clock_timestamp() + make_interval(mins => ${input.minutes})` })
      .where(eq(sessionBreakouts.id, round.id))
      .returning({ endsAt: sessionBreakouts.endsAt });
    await scheduleTimer(tx, round.id, row?.endsAt ?? null);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "breakout.timer",
      targetType: "session",
      targetId: session.id,
      courseId: session.courseId,
      data: { breakoutId: round.id, minutes: input.minutes, endsAt: row?.endsAt?.toISOString() ?? null },
    });
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "breakouts" });
    return readState(tx, input.sessionId, actor, true);
  });
}
