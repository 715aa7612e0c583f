import * as services from "@codeclass/services";
import { type TrackedEnvelope, tracked } from "@trpc/server";
import type { Context } from "./context.ts";
import { streamStep } from "./trpc.ts";

/** How often a follower re-reads the import without a NOTIFY (a missed one costs this long), ms. */
const idleRecheckMs = 15_000;

/**
 * Yields the import as it changes (status, progress), each as one tracked event whose id is the
 * import's version, until it is committed, failed or cancelled. Each event carries the whole
 * state, so resuming from `after` (the last version seen) sends the current state if it is newer.
 * NOTIFYs wake it; postgres.js keeps one LISTEN connection for every follower in the process.
 */
export async function* followImport(
  ctx: Context,
  importId: string,
  after: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<services.importing.ImportView>> {
  const hub = services.run.createNotifyHub(
    (channel, onPayload) => ctx.db.$client.listen(channel, onPayload),
    services.importing.importProgressChannel,
  );
  try {
    await hub.ready;
    for (;;) {
      // Register for the wake-up before reading, so a change between the two is not lost.
      const wake = hub.waitFor(importId, idleRecheckMs, signal);
      const view = await streamStep(services.importing.get(ctx.db, ctx.actor, { importId }));
      if (view.version > after) {
        after = view.version;
        yield tracked(String(view.version), view);
      }
      if (services.importing.finishedStatuses.includes(view.status)) {
        wake.cancel();
        return;
      }
      await wake.promise;
      if (signal?.aborted) return;
    }
  } finally {
    await hub.close();
  }
}
