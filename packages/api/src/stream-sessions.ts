import type { Database } from "@codeclass/db";
import { type Actor, actorFromUser, readSessions, sessionEnd, sessionGone } from "@codeclass/services";
import { TRPCError } from "@trpc/server";

/**
 * Event streams (subscriptions) outlive the request whose session was checked: a stream of a
 * session that was signed out, revoked or has expired, of a user who was banned, or whose global
 * role changed since (a demoted admin), ends with UNAUTHORIZED within `everyMs`. The sessions of
 * all of a server's open streams are read together, one query per 1,000 every `everyMs` (as the
 * collaboration server does for its sockets); the procedures' own re-checks (course membership)
 * go on as before.
 */
export class StreamSessions {
  private readonly streams = new Set<{ sessionId: string; actor: Actor; end: (reason: string) => void }>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly db: Database,
    private readonly everyMs = 5000,
  ) {}

  /** Follows one stream's session; `end` is called once, with the reason, when it may no longer be used. Returns the unfollow. */
  follow(sessionId: string, actor: Actor, end: (reason: string) => void): () => void {
    const entry = { sessionId, actor, end };
    this.streams.add(entry);
    this.timer ??= setInterval(() => void this.recheck(), this.everyMs).unref();
    return () => {
      this.streams.delete(entry);
      if (this.streams.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async recheck() {
    if (this.checking || this.streams.size === 0) return;
    this.checking = true;
    try {
      const open = [...this.streams];
      const found = await readSessions(
        this.db,
        open.map((s) => s.sessionId),
      ).catch(() => null); // the database is away for a moment: try again next time
      if (!found) return;
      for (const stream of open) {
        const row = found.get(stream.sessionId);
        const ended = !row
          ? sessionGone
          : (sessionEnd(row) ??
            (actorFromUser({ id: stream.actor.id, role: row.role }).role !== stream.actor.role
              ? "your role changed: reload the page"
              : null));
        if (!ended) continue;
        this.streams.delete(stream);
        stream.end(ended);
      }
    } finally {
      this.checking = false;
    }
  }
}

const perDatabase = new WeakMap<Database, StreamSessions>();

/** The process's stream watch over `db`'s sessions. */
export function streamSessionsOf(db: Database): StreamSessions {
  const known = perDatabase.get(db);
  if (known) return known;
  const watch = new StreamSessions(db);
  perDatabase.set(db, watch);
  return watch;
}

/**
 * `source`'s values until it ends or the session does: then UNAUTHORIZED with the reason (the
 * client's stream closes with it). The source is closed either way.
 */
export async function* untilSessionEnds<T>(
  source: AsyncIterable<T>,
  watch: StreamSessions,
  sessionId: string,
  actor: Actor,
): AsyncGenerator<T, void> {
  let onEnd: (reason: string) => void = () => {};
  const ended = new Promise<{ ended: string }>((resolve) => (onEnd = (reason) => resolve({ ended: reason })));
  const unfollow = watch.follow(sessionId, actor, onEnd);
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([it.next(), ended]);
      if ("ended" in next) throw new TRPCError({ code: "UNAUTHORIZED", message: next.ended });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    unfollow();
    // Not awaited: a source waiting for its next wake-up closes when that comes (or its signal aborts).
    void Promise.resolve(it.return?.()).catch(() => {});
  }
}
