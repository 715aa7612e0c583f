import type { Database } from "@codeclass/db";
import * as services from "@codeclass/services";
import { floor, run } from "@codeclass/services";
import { tracked } from "@trpc/server";
import type { Context } from "./context.ts";
import { recheckDelayMs, sharedValue, streamStep } from "./trpc.ts";

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

/** One change as a shared feed holds it: its change number, the item it is a state of, the state. */
export interface FeedChange<T> {
  id: number;
  /** What the change is about (a message id): a newer change of the same item replaces the older. */
  item: string | number;
  value: T;
}

/**
 * A session's changes of one kind read once per notice for every follower in the process (200
 * students following one chat make one query per message, not 200), each follower then shown
 * what it may see. `readAll` returns every change after `after` whoever may see it.
 */
export interface SharedFeedSpec<T> {
  name: string;
  readAll(db: Database, sessionId: string, after: number): Promise<FeedChange<T>[]>;
  /** How many `readAll` returns at most: a full page is followed by another read. */
  pageSize: number;
  visible(viewer: { actor: services.Actor; staff: boolean }, value: T): boolean;
}

/** How many recent changes a shared feed keeps; a follower further behind reads for itself. */
const feedKeep = 500;

/**
 * The recent changes of one session and kind, in change order. It holds every change numbered in
 * (`from`, `upTo`] as of its last load (change numbers of a session become visible in order), and
 * loads again, once for all its readers, when a notice arrived since that load started.
 */
class SharedFeed<T> {
  private entries: FeedChange<T>[] = [];
  private from: number | null = null;
  private upTo = 0;
  /** Notices seen, and how many had been seen when the last finished load started. */
  private notices = 0;
  private loadedAt = -1;
  private loading: Promise<void> | null = null;
  users = 0;
  readonly off: () => void;

  constructor(
    private db: Database,
    private sessionId: string,
    private spec: SharedFeedSpec<T>,
    hub: SessionFloorHub,
    kinds: floor.FloorNotice["kind"][],
  ) {
    this.off = hub.on(sessionId, (notice) => {
      if (kinds.includes(notice.kind)) this.notices++;
    });
  }

  /** Whether a follower that has every change up to `after` can go on from here. */
  covers(after: number): boolean {
    return this.from !== null && after >= this.from;
  }

  /** A follower that caught up by itself to `after`: the feed starts there (or reaches back to it). */
  startAt(after: number): void {
    if (this.from !== null && after >= this.from) return;
    this.entries = [];
    this.from = after;
    this.upTo = after;
    this.loadedAt = -1;
  }

  /** The changes after `after`, from a load that started after every notice seen so far. */
  async read(after: number): Promise<FeedChange<T>[]> {
    const need = this.notices;
    // A follower ahead of the feed (it caught up by itself later) waits for one more load.
    for (let loads = 0; this.loadedAt < need || (this.upTo < after && loads === 0); loads++) {
      this.loading ??= this.load().finally(() => {
        this.loading = null;
      });
      await this.loading;
    }
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.id > after) i--;
    return this.entries.slice(i);
  }

  private async load(): Promise<void> {
    const at = this.notices;
    const from = this.from;
    let after = this.upTo;
    const loaded: FeedChange<T>[] = [];
    for (;;) {
      const page = await this.spec.readAll(this.db, this.sessionId, after);
      for (const change of page) if (typeof change.value === "object" && change.value !== null) sharedValue(change.value);
      loaded.push(...page);
      if (page.length > 0) after = page.at(-1)!.id;
      if (page.length < this.spec.pageSize) break;
    }
    if (this.from !== from) return; // reset meanwhile: the next load starts over
    const items = new Set(loaded.map((c) => c.item));
    this.entries = this.entries.filter((c) => !items.has(c.item));
    this.entries.push(...loaded);
    this.upTo = after;
    if (this.entries.length > feedKeep) {
      const dropped = this.entries.splice(0, this.entries.length - feedKeep);
      this.from = dropped.at(-1)!.id;
    }
    this.loadedAt = Math.max(this.loadedAt, at);
  }
}

const feeds = new WeakMap<Database, Map<string, SharedFeed<unknown>>>();

function joinFeed<T>(db: Database, sessionId: string, spec: SharedFeedSpec<T>, kinds: floor.FloorNotice["kind"][]) {
  const byKey = feeds.get(db) ?? new Map<string, SharedFeed<unknown>>();
  feeds.set(db, byKey);
  const key = `${spec.name}:${sessionId}`;
  let feed = byKey.get(key) as SharedFeed<T> | undefined;
  if (!feed) {
    feed = new SharedFeed(db, sessionId, spec, sessionFloorHub(db), kinds);
    byKey.set(key, feed as SharedFeed<unknown>);
  }
  feed.users++;
  const joined = feed;
  return {
    feed: joined,
    leave() {
      if (--joined.users > 0) return;
      joined.off();
      if (byKey.get(key) === joined) byKey.delete(key);
    },
  };
}

export interface FloorChangesOptions<T> {
  /** Whether the caller was staff when the stream started (checked again every 15 s or so: see recheckDelayMs). */
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
  /**
   * When given, a follower that has caught up reads from the process's shared feed of the session
   * (one query per notice for all followers) instead of with `read`; `kinds` must not depend on
   * the viewer.
   */
  shared?: SharedFeedSpec<T>;
  /** The wait until the next access re-check (default `recheckDelayMs`: about 15 s). */
  recheckMs?: () => number;
}

/**
 * Follows one kind of change of a session (chat messages, polls): first every change after
 * `from`, then each new one, as tracked events keyed by change number, so a reconnecting client
 * resumes without gaps or duplicates. Access (and staff's wider view) is checked again every
 * 15 s, not on every change: a busy session wakes every follower at once, and with a shared
 * feed they share one read per change too.
 */
export async function* followFloorChanges<T>(ctx: Context & { actor: services.Actor }, sessionId: string, options: FloorChangesOptions<T>) {
  const hub = sessionFloorHub(ctx.db);
  const { signal } = options;
  let after = options.from;
  let staff = options.staff;
  let kinds = options.kinds(staff);
  const recheckMs = options.recheckMs ?? recheckDelayMs;
  let recheckAt = Date.now() + recheckMs();
  // One listener for the stream's life, not one per wake-up: a message to a class wakes every
  // follower, and registering and removing 200 listeners on one emitter per message cost more
  // than the wake-up itself. `rung` counts the notices; a read remembers it first, so a change
  // committed between the read and the wait is not lost.
  let rung = 0;
  let ring: (() => void) | null = null;
  const off = hub.on(sessionId, (notice) => {
    if (!kinds.includes(notice.kind)) return;
    rung++;
    ring?.();
  });
  const onAbort = () => ring?.();
  signal?.addEventListener("abort", onAbort);
  const shared = options.shared ? joinFeed(ctx.db, sessionId, options.shared, kinds) : null;
  // The count of notices when the last read started (-1: read next time whatever the count):
  // woken by the re-check's timer alone, with nothing rung since, a follower has nothing to read.
  let readAt = -1;
  try {
    for (;;) {
      if (Date.now() >= recheckAt) {
        const was = staff;
        ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
        if (staff !== was) readAt = -1;
        kinds = options.kinds(staff);
        recheckAt = Date.now() + recheckMs();
      }
      const seen = rung;
      const viewer = { actor: ctx.actor, staff };
      const read = seen !== readAt;
      readAt = seen;
      if (read && shared?.feed.covers(after)) {
        const changes = await streamStep(shared.feed.read(after));
        for (const { id, value } of changes) {
          after = id;
          if (options.shared!.visible(viewer, value)) yield tracked(String(id), value);
        }
      } else if (read) {
        const changes = await streamStep(options.read(viewer, after));
        for (const { id, value } of changes) {
          after = id;
          yield tracked(String(id), value);
        }
        if (changes.length >= options.pageSize) {
          readAt = -1;
          continue;
        }
        shared?.feed.startAt(after);
      }
      if (rung === seen && !signal?.aborted)
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            ring = null;
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, recheckAt - Date.now()));
          ring = done;
        });
      if (signal?.aborted) return;
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
    shared?.leave();
  }
}
