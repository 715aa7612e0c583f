import { listLanguages } from "@codeclass/sandbox";
import * as services from "@codeclass/services";
import { runEventsInput, runInputInput, runListInput, runRef, runStartInput, runWatchWorkspaceInput } from "@codeclass/validators";
import { tracked } from "@trpc/server";
import type { Context } from "../context.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** Events a run streams (owned by the run domain; re-exported for the web app's types). */
export type RunStreamEvent = services.run.RunStreamEvent;
/** How a run ended, as carried by its "end" event. */
export type RunEndResult = services.run.RunEndResult;
/** One run in a workspace, as `run.watchWorkspace` announces it. */
export type WorkspaceRun = services.run.WorkspaceRun;

/** How often a subscription re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;
/** A run.start commits within this long of its created_at (which is its transaction's start), ms. */
const commitSlackMs = 60_000;

export const runRouter = router({
  languages: protectedProcedure.query(async ({ ctx }) => {
    const status = await ctx.sandboxStatus();
    return { languages: listLanguages(), available: status.available, unavailableReason: status.reason };
  }),
  start: protectedProcedure.input(runStartInput).mutation(({ ctx, input }) => services.run.start(ctx.db, ctx.actor, input, ctx.runCaps)),
  input: protectedProcedure.input(runInputInput).mutation(({ ctx, input }) => services.run.input(ctx.db, ctx.actor, input)),
  cancel: protectedProcedure.input(runRef).mutation(({ ctx, input }) => services.run.cancel(ctx.db, ctx.actor, input)),
  listMine: protectedProcedure.input(runListInput).query(({ ctx, input }) => services.run.listMine(ctx.db, ctx.actor, input)),
  /**
   * Follows a run from `lastEventId` (a reconnect resumes without losing output) until its end.
   * Stored events are tracked by their number; while the run waits, its queue place comes as an
   * untracked `{ id: undefined, data: { type: "queue", position, etaMs } }` when it changes.
   */
  events: protectedProcedure.input(runEventsInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    await services.runForViewer(ctx.db, ctx.actor, input.runId);
    await ctx.runEvents.ready;
    return followRun(ctx, input.runId, Number(input.lastEventId ?? 0), signal);
  }),
  /**
   * Announces each run started in a workspace to everyone who may open it (workspace.get's rule):
   * at once the runs still active, then each new one. Access is checked again on every wake-up
   * (and every 15 s), so someone who loses access gets FORBIDDEN and the stream ends.
   */
  watchWorkspace: protectedProcedure.input(runWatchWorkspaceInput).subscription(async ({ ctx, input, signal }) => {
    await ctx.runEvents.ready;
    const wake = ctx.runEvents.starts.waitFor(input.workspaceId, idleRecheckMs, signal);
    const since = new Date();
    // Checked before the stream starts (a refusal is a proper FORBIDDEN/NOT_FOUND). The recent
    // finished runs are read too, only so that they are not announced later as new.
    const first = await services.run.workspaceRuns(ctx.db, ctx.actor, input, { createdAfter: new Date(since.getTime() - commitSlackMs) });
    return followWorkspace(ctx, input.workspaceId, first, since, wake, signal);
  }),
});

type Wake = ReturnType<Context["runEvents"]["waitFor"]>;

async function* followWorkspace(
  ctx: Context & { actor: services.Actor },
  workspaceId: string,
  first: services.run.WorkspaceRun[],
  since: Date,
  firstWake: Wake,
  signal: AbortSignal | undefined,
): AsyncGenerator<services.run.WorkspaceRun> {
  // What was read already (announced, or finished before the stream began): only what the next
  // read can return again (the active runs and the recent ones), so it stays small.
  const seen = new Set(first.filter((r) => r.status === "finished").map((r) => r.runId));
  let wake = firstWake;
  let rows = first;
  try {
    for (;;) {
      for (const run of rows) {
        if (seen.has(run.runId)) continue;
        seen.add(run.runId);
        yield run;
      }
      await wake.promise;
      if (signal?.aborted) return;
      // Register before reading. A run commits a little after its created_at (its transaction's
      // start), so the runs queued shortly before the last read are read again.
      wake = ctx.runEvents.starts.waitFor(workspaceId, idleRecheckMs, signal);
      const after = new Date(since.getTime() - commitSlackMs);
      since = new Date();
      rows = await streamStep(services.run.workspaceRuns(ctx.db, ctx.actor, { workspaceId }, { createdAfter: after }));
      const current = new Set(rows.map((r) => r.runId));
      for (const id of seen) if (!current.has(id)) seen.delete(id);
    }
  } finally {
    wake.cancel();
  }
}

/** Yields the run's events after `from`, waking on NOTIFY (or every 15 s), until its "end"; and its queue place while it waits. */
async function* followRun(ctx: Context, runId: string, from: number, signal: AbortSignal | undefined) {
  let after = from;
  // The run's queue place: undefined until the first read, null once it no longer waits.
  let place: services.run.QueuePlace | null | undefined;
  let placeChanged: (() => void) | null = null;
  let stopQueue: (() => void) | null = ctx.runEvents.queue.on(runId, (p) => {
    place = p;
    placeChanged?.();
  });
  let sentPlace: services.run.QueuePlace | null = null;
  try {
    for (;;) {
      // Register for the wake-up before reading, so a notification between the two is not lost.
      const wake = ctx.runEvents.waitFor(runId, idleRecheckMs, signal);
      const rows = await services.readRunEvents(ctx.db, runId, after);
      for (const row of rows) {
        after = row.seq;
        yield tracked(String(row.seq), row.data);
        if (row.data.type === "status" && row.data.status !== "queued") {
          stopQueue?.();
          stopQueue = null;
        }
        if (row.data.type === "end") {
          wake.cancel();
          return;
        }
      }
      // A full page: read on at once. Otherwise everything up to now is read, and `wake` (registered
      // before the read) fires for anything committed after it.
      if (rows.length >= services.runEventsPage) {
        wake.cancel();
        continue;
      }
      const now = place as services.run.QueuePlace | null | undefined;
      if (now === null) {
        stopQueue?.();
        stopQueue = null;
      }
      if (stopQueue && now && now !== sentPlace) {
        sentPlace = now;
        yield { id: undefined, data: { type: "queue", position: now.position, etaMs: now.etaMs } satisfies services.run.RunQueueEvent };
      }
      if (stopQueue) {
        await Promise.race([wake.promise, new Promise<void>((resolve) => (placeChanged = resolve))]);
        placeChanged = null;
        wake.cancel();
      } else {
        await wake.promise;
      }
      if (signal?.aborted) return;
    }
  } finally {
    stopQueue?.();
  }
}
