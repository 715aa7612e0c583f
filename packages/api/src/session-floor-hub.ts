import type { Database } from "@codeclass/db";
import * as services from "@codeclass/services";
import { floor, run } from "@codeclass/services";
import { tracked } from "@trpc/server";
import type { Context } from "./context.ts";
import { streamStep } from "./trpc.ts";

/** One LISTEN per process on the session floor channel, fanned out to subscribers by session id. */
export interface SessionFloorHub {
  ready: Promise<unknown>;
  /** Calls `fn` on each notice about the session; returns the unsubscribe. */
  on(sessionId: string, fn: (notice: floor.FloorNotice) => void): () => void;
  /** Resolves on the next notice of one of `kinds` about the session, after `timeoutMs`, or on abort. Register before reading. */
  waitFor(
    sessionId: string,
    kinds: floor.FloorNotice["kind"][],
    timeoutMs: number,
    signal?: AbortSignal,
  ): { promise: Promise<void>; cancel(): void };
}

const hubs = new WeakMap<Database, SessionFloorHub>();

/**
 * The hub of a database client, made on first use. Its LISTEN connection belongs to the client's
 * pool and ends with it, so servers and tests need no wiring of their own.
 */
export function sessionFloorHub(db: Database): SessionFloorHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = createSessionFloorHub(db);
    hubs.set(db, hub);
  }
  return hub;
}

function createSessionFloorHub(db: Database): SessionFloorHub {
  const hub = run.createNotifyHub(
    (channel, onPayload) => db.$client.listen(channel, onPayload),
    floor.sessionFloorChannel,
    (payload) => {
      const notice = floor.parseFloorNotice(payload);
      return notice ? { key: notice.sessionId, value: notice } : null;
    },
  );
  // A failed LISTEN is reported to the streams that wait for it; a later call tries again.
  hub.ready.catch(() => hubs.delete(db));
  return {
    ready: hub.ready,
    on: hub.on,
    waitFor: (sessionId, kinds, timeoutMs, signal) => hub.waitFor(sessionId, timeoutMs, signal, (notice) => kinds.includes(notice.kind)),
  };
}

/** How often a session-floor stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

export interface FloorChangesOptions<T> {
  /** Whether the caller was staff when the stream started (checked again every 15 s). */
  staff: boolean;
  /** The last change number the client has (0: from the start). */
  from: number;
  signal: AbortSignal | undefined;
  /** The notices that may mean a change this viewer sees. */
  kinds(staff: boolean): floor.FloorNotice["kind"][];
  /** The changes after `after` as this viewer sees them, oldest first, each with its change number. */
  read(viewer: { actor: services.Actor; staff: boolean }, after: number): Promise<{ id: number; value: T }[]>;
  /** A read that returns this many is read again at once: there may be more. */
  pageSize: number;
}

/**
 * Follows one kind of change of a session (chat messages, polls): first every change after
 * `from`, then each new one, as tracked events keyed by change number, so a reconnecting client
 * resumes without gaps or duplicates. Access (and staff's wider view) is checked again every
 * 15 s, not on every change: a busy session wakes every follower at once.
 */
export async function* followFloorChanges<T>(ctx: Context & { actor: services.Actor }, sessionId: string, options: FloorChangesOptions<T>) {
  const hub = sessionFloorHub(ctx.db);
  const { signal } = options;
  let after = options.from;
  let staff = options.staff;
  let checkedAt = Date.now();
  for (;;) {
    if (Date.now() - checkedAt >= idleRecheckMs) {
      ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
      checkedAt = Date.now();
    }
    // Register for the wake-up before reading, so a change committed between the two is not lost.
    const wake = hub.waitFor(sessionId, options.kinds(staff), idleRecheckMs, signal);
    try {
      const changes = await streamStep(options.read({ actor: ctx.actor, staff }, after));
      for (const { id, value } of changes) {
        after = id;
        yield tracked(String(id), value);
      }
      if (changes.length >= options.pageSize) continue;
      await wake.promise;
      if (signal?.aborted) return;
    } finally {
      wake.cancel();
    }
  }
}
