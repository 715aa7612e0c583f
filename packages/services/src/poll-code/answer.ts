import { createHash, randomUUID } from "node:crypto";
import {
  type Database,
  type DbOrTx,
  runEvents,
  runs,
  sessionPollCode,
  sessionPollCodeAnswers,
  sessionPollCodeRuns,
  sessionPolls,
} from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { type LanguageId, languages, resolveLimits, SandboxInputError, validateRun } from "@codeclass/sandbox";
import { type PollCodeAnswerInput, pollCodeAnswerInput } from "@codeclass/validators";
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { badRequest, busy, conflict, forbidden } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { lockSessionPolls, nextPollSeq, requireSessionNotEnded } from "../polls/lock.ts";
import { lockedPoll, requirePoll } from "../polls/require-poll.ts";
import { type PollRow, type PollView, pollViews } from "../polls/view.ts";
import { activeRuns, pollTestRun, waitingRuns } from "../run/active.ts";
import { defaultRunCaps, queueFull } from "../run/caps.ts";
import { runInputChannel } from "../run/channels.ts";
import { loadWorkspaceFiles } from "../workspace/index.ts";

/** Answers of one student to one question whose test runs may be unfinished at once (a retry stops the earlier ones). */
const maxPendingAnswers = 5;

/**
 * A student answers an open code question with one file of their own workspace, as the stored
 * document has it (every acknowledged edit). The file is run against each test, one queued run per
 * test with the sandbox's default limits; the worker grades each run as it finishes
 * (`gradeRun`). One answer per student: a new one (a retry) replaces the old under a new attempt,
 * and the old attempt's runs still going are stopped and no longer count.
 */
export async function answer(db: Database, actor: Actor, raw: PollCodeAnswerInput): Promise<PollView> {
  const input = pollCodeAnswerInput.parse(raw);
  return db.transaction(async (tx) => {
    const { poll, access } = await requirePoll(tx, actor, input.pollId, "view");
    if (poll.kind !== "code") throw badRequest("is not a code question: answer it with polls.answer", "pollId");
    if (access.access.myRole !== "student") throw forbidden("Only the course's students answer its polls");
    requireSessionNotEnded(access, "pollId");
    const ws = await requireWorkspace(tx, actor, input.workspaceId, "write");
    if (ws.workspace.ownerId !== actor.id) throw forbidden("Answer from your own workspace");
    if (ws.workspace.courseId !== access.session.courseId) throw badRequest("belongs to another course", "workspaceId");
    const [spec] = await tx.select().from(sessionPollCode).where(eq(sessionPollCode.pollId, poll.id));
    if (!spec) throw conflict("this code question has no tests", "pollId");
    const content = await loadWorkspaceFiles(tx, input.workspaceId);
    const file = content.files.find((f) => f.path === input.path);
    if (!file) throw badRequest(`names no file of the workspace (it has ${content.files.length} files)`, "path");
    const language = spec.language as LanguageId;
    const limits = resolveLimits({}, languages[language].adjust);
    const files = [{ path: file.path, content: file.content }];
    try {
      validateRun(language, files, limits, file.path);
    } catch (e) {
      if (e instanceof SandboxInputError) throw badRequest(`cannot be run as ${languages[language].name}: ${e.message}`, "path");
      throw e;
    }

    // One student's answers are serialized (a double click, two tabs), then the session's poll changes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`poll-code:${poll.id}:${actor.id}`}))`);
    await lockSessionPolls(tx, poll.sessionId);
    const current = await lockedPoll(tx, poll.id);
    if (current.status !== "open") throw conflict("this poll is closed; it no longer takes answers", "pollId");

    const attempt = randomUUID();
    await stopEarlierAttempt(tx, poll.id, actor.id, attempt);
    // The queue everyone's Run shares: an answer's test runs count toward its cap as run.start's do,
    // and one student's answers still in it (stopped ones too, until a worker drops them) are bounded.
    const [load] = await tx
      .select({
        waiting: sql<number>`count(*) filter (where ${waitingRuns})`.mapWith(Number),
        mine: sql<number>`count(*) filter (where ${and(activeRuns, pollTestRun, eq(runs.userId, actor.id))})`.mapWith(Number),
      })
      .from(runs)
      .where(or(waitingRuns, and(activeRuns, eq(runs.userId, actor.id))));
    const waiting = load?.waiting ?? 0;
    if (waiting + spec.tests.length > defaultRunCaps.maxQueued) throw queueFull(waiting);
    if ((load?.mine ?? 0) >= maxPendingAnswers * spec.tests.length)
      throw busy("your earlier answers are still being tested: try again in a few seconds");
    await tx
      .insert(sessionPollCodeAnswers)
      .values({
        pollId: poll.id,
        userId: actor.id,
        attempt,
        workspaceId: input.workspaceId,
        path: file.path,
        content: file.content,
        passed: 0,
        total: spec.tests.length,
        answeredAt: sql`clock_timestamp()`,
      })
      .onConflictDoUpdate({
        target: [sessionPollCodeAnswers.pollId, sessionPollCodeAnswers.userId],
        set: {
          attempt,
          workspaceId: input.workspaceId,
          path: file.path,
          content: file.content,
          passed: 0,
          total: spec.tests.length,
          answeredAt: sql`clock_timestamp()`,
          gradedAt: null,
        },
      });
    const filesHash = createHash("sha256")
      .update(JSON.stringify(files.map((f) => [f.path, f.content])))
      .digest("hex");
    for (const [testIndex, test] of spec.tests.entries()) {
      const runId = randomUUID();
      await tx.insert(runs).values({
        id: runId,
        userId: actor.id,
        courseId: access.session.courseId,
        workspaceId: input.workspaceId,
        language,
        files,
        filesHash,
        stdin: test.stdin,
        args: [],
        interactive: false,
        limits: {},
      });
      await tx.insert(runEvents).values({ runId, seq: 1, type: "status", data: { type: "status", status: "queued" } });
      await tx.insert(sessionPollCodeRuns).values({ runId, pollId: poll.id, userId: actor.id, attempt, testIndex });
      await addJob(tx, "run_code", { runId }, { maxAttempts: 1 });
    }
    const [row] = (await tx
      .update(sessionPolls)
      .set({ seq: await nextPollSeq(tx) })
      .where(eq(sessionPolls.id, poll.id))
      .returning()) as [PollRow];
    await notifyFloor(tx, { sessionId: poll.sessionId, kind: "poll-results" });
    const [view] = await pollViews(tx, { actor, staff: false }, [row]);
    return view!;
  });
}

/** Asks the worker to stop the earlier attempt's runs that have not finished (they no longer count). */
async function stopEarlierAttempt(tx: DbOrTx, pollId: string, userId: string, attempt: string) {
  const stale = await tx
    .select({ runId: sessionPollCodeRuns.runId })
    .from(sessionPollCodeRuns)
    .where(
      and(
        eq(sessionPollCodeRuns.pollId, pollId),
        eq(sessionPollCodeRuns.userId, userId),
        ne(sessionPollCodeRuns.attempt, attempt),
        isNull(sessionPollCodeRuns.passed),
      ),
    );
  for (const { runId } of stale) {
    await tx
      .update(runs)
      .set({ cancelRequested: true })
      .where(and(eq(runs.id, runId), ne(runs.status, "finished")));
    await tx.execute(sql`select pg_notify(${runInputChannel}, ${runId})`);
  }
}
