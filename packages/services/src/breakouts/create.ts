import { randomBytes } from "node:crypto";
import { breakoutGroups, breakoutMembers, type Database, sessionBreakouts } from "@codeclass/db";
import { breakoutCreateInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, conflict } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { createWorkspaces } from "../workspace/create-workspaces.ts";
import { openBreakout } from "./current.ts";
import { splitPool, studentsAmong, withGrades } from "./pool.ts";
import { manualSplit, mixedByGradeSplit, randomSplit, roundRobinSplit } from "./split.ts";
import { type BreakoutsState, readState } from "./state.ts";
import { scheduleTimer } from "./timer.ts";

/**
 * Staff split a live session's students into groups (random with a seed, round-robin, mixed by
 * grade, or manual), each with its own LiveKit room and a shared workspace; optionally with a timer.
 * All or nothing: the round, its workspaces and its members are written in one transaction.
 */
export async function create(db: Database, actor: Actor, raw: z.input<typeof breakoutCreateInput>): Promise<BreakoutsState> {
  const input = breakoutCreateInput.parse(raw);
  return db.transaction(async (tx) => {
    // The session row's lock makes concurrent creations of one session wait for each other.
    const { session } = await requireSession(tx, actor, input.sessionId, "staff", true);
    if (session.status !== "live") throw conflict("breakout groups need a live session: start it first", "sessionId");
    if (await openBreakout(tx, session.id))
      throw conflict("breakout groups are already open: recall everyone before a new split", "sessionId");

    let split: string[][];
    let seed: string | null = null;
    if (input.method === "manual") {
      const ids = input.assignments!.map((a) => a.userId);
      const known = new Set((await studentsAmong(tx, session.courseId, ids)).map((s) => s.userId));
      const stranger = ids.find((id) => !known.has(id));
      if (stranger) throw badRequest(`names ${stranger}, who is not a student of this course`, "assignments");
      const removed = ids.find((id) => session.removedUsers.includes(id));
      if (removed) throw badRequest(`names ${removed}, whom staff removed from this session: let them back in first`, "assignments");
      split = manualSplit(input.assignments!, input.groupCount);
    } else {
      const { students } = await splitPool(tx, session.courseId, session.id, session.removedUsers);
      if (students.length === 0) throw conflict("there is nobody to split: the course has no students yet", "sessionId");
      if (input.method === "mixed-grade") {
        const graded = await withGrades(tx, session.courseId, students);
        if (graded.every((s) => s.grade === null))
          throw conflict("there are no grades to mix by yet: no student has graded work in this course; split at random instead", "method");
        split = mixedByGradeSplit(graded, input.groupCount);
      } else {
        seed = input.method === "random" ? (input.seed ?? randomBytes(9).toString("base64url")) : null;
        split = input.method === "random" ? randomSplit(students, input.groupCount, seed!) : roundRobinSplit(students, input.groupCount);
      }
    }

    const [round] = await tx
      .insert(sessionBreakouts)
      .values({
        sessionId: session.id,
        method: input.method,
        seed,
        endsAt: input.minutes ? sql`clock_timestamp() + make_interval(mins => ${input.minutes})` : null,
        createdBy: actor.id,
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    if (round!.endsAt) await scheduleTimer(tx, round!.id, round!.endsAt);
    const made = await createWorkspaces(
      tx,
      session.courseId,
      split.map(() => ({ ownerId: null, kind: "group" as const })),
    );
    const groups = await tx
      .insert(breakoutGroups)
      .values(made.map((w, i) => ({ breakoutId: round!.id, number: i + 1, workspaceId: w.id })))
      .returning();
    const members = split.flatMap((ids, i) => ids.map((userId) => ({ breakoutId: round!.id, userId, groupId: groups[i]!.id })));
    if (members.length > 0) await tx.insert(breakoutMembers).values(members);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "breakout.create",
      targetType: "session",
      targetId: session.id,
      courseId: session.courseId,
      data: { breakoutId: round!.id, method: input.method, groups: split.length, students: members.length, minutes: input.minutes ?? null },
    });
    await notifyFloor(tx, { sessionId: session.id, kind: "breakouts" });
    return readState(tx, session.id, actor, true);
  });
}
