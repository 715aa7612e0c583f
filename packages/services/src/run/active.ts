import { runs, sessionPollCodeRuns } from "@codeclass/db";
import { and, eq, exists, inArray, not, sql } from "drizzle-orm";

/** Runs still queued or running. */
export const activeRuns = inArray(runs.status, ["queued", "running"]);

/**
 * Runs waiting for a worker that will run them: queued and not asked to stop (a run stopped while
 * queued ends as soon as a worker takes it, without a sandbox). What the queue's caps count.
 */
export const waitingRuns = and(eq(runs.status, "queued"), eq(runs.cancelRequested, false))!;

/** A code question's test run (its input may be a test the students must not see yet). */
export const pollTestRun = exists(sql`(select 1 from ${sessionPollCodeRuns} where ${sessionPollCodeRuns.runId} = ${runs.id})`);
export const notPollTestRun = not(pollTestRun);
