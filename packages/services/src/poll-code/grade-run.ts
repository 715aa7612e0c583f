import { type DbOrTx, runEvents, runs, sessionPollCode, sessionPollCodeAnswers, sessionPollCodeRuns, sessionPolls } from "@codeclass/db";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { notifyFloor } from "../floor/notify.ts";
import { lockSessionPolls, nextPollSeq } from "../polls/lock.ts";
import { sameOutput } from "./same-output.ts";

/**
 * Grades a finished run if it is one of a code answer's tests (called by the worker once the run
 * has ended; anything else returns at once). A test passes when the run ended OK and its output
 * matches the expected one by Judge0's rule. When the answer's current attempt has every test
 * graded, the answer gets its verdict and the staff's results move on. Repeating it changes nothing.
 */
export async function gradeRun(db: DbOrTx, runId: string): Promise<{ graded: boolean }> {
  const [link] = await db.select().from(sessionPollCodeRuns).where(eq(sessionPollCodeRuns.runId, runId));
  if (!link || link.passed !== null) return { graded: false };
  const [run] = await db.select({ status: runs.status, verdict: runs.verdict }).from(runs).where(eq(runs.id, runId));
  if (run?.status !== "finished") return { graded: false };
  const out = await db
    .select({ data: runEvents.data })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), eq(runEvents.type, "stdout")))
    .orderBy(asc(runEvents.seq));
  const stdout = out.map((e) => String(e.data.data ?? "")).join("");
  const [spec] = await db.select({ tests: sessionPollCode.tests }).from(sessionPollCode).where(eq(sessionPollCode.pollId, link.pollId));
  const expected = spec?.tests[link.testIndex]?.expected;
  const passed = run.verdict === "OK" && expected !== undefined && sameOutput(stdout, expected);

  return db.transaction(async (tx) => {
    const [poll] = await tx.select({ sessionId: sessionPolls.sessionId }).from(sessionPolls).where(eq(sessionPolls.id, link.pollId));
    if (!poll) return { graded: false };
    // The same order of locks as an answer: the session's polls, then the answer row.
    await lockSessionPolls(tx, poll.sessionId);
    const [ans] = await tx
      .select()
      .from(sessionPollCodeAnswers)
      .where(and(eq(sessionPollCodeAnswers.pollId, link.pollId), eq(sessionPollCodeAnswers.userId, link.userId)))
      .for("update");
    await tx.update(sessionPollCodeRuns).set({ passed }).where(eq(sessionPollCodeRuns.runId, runId));
    if (!ans || ans.attempt !== link.attempt) return { graded: true }; // an earlier attempt: it no longer counts
    const [tally] = await tx
      .select({
        done: sql<number>`count(*)`.mapWith(Number),
        passed: sql<number>`count(*) filter (where ${sessionPollCodeRuns.passed})`.mapWith(Number),
      })
      .from(sessionPollCodeRuns)
      .where(
        and(
          eq(sessionPollCodeRuns.pollId, link.pollId),
          eq(sessionPollCodeRuns.userId, link.userId),
          eq(sessionPollCodeRuns.attempt, link.attempt),
          isNotNull(sessionPollCodeRuns.passed),
        ),
      );
    const complete = (tally?.done ?? 0) >= ans.total;
    await tx
      .update(sessionPollCodeAnswers)
      .set({ passed: tally?.passed ?? 0, ...(complete ? { gradedAt: sql`clock_timestamp()` } : {}) })
      .where(and(eq(sessionPollCodeAnswers.pollId, link.pollId), eq(sessionPollCodeAnswers.userId, link.userId)));
    await tx
      .update(sessionPolls)
      .set({ seq: await nextPollSeq(tx) })
      .where(eq(sessionPolls.id, link.pollId));
    await notifyFloor(tx, { sessionId: poll.sessionId, kind: "poll-results" });
    return { graded: true };
  });
}
