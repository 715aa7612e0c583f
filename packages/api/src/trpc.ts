import { actingAs, ServiceError } from "@codeclass/services";
import { describeIssues } from "@codeclass/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson, { type SuperJSONResult } from "superjson";
import { ZodError, z } from "zod";
import type { Context } from "./context.ts";
import { streamSessionsOf, untilSessionEnds } from "./stream-sessions.ts";

function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  if (cause instanceof ZodError) return z.flattenError(cause).fieldErrors as Record<string, string[]>;
  if (cause instanceof ServiceError && cause.field) return { [cause.field]: [cause.detail] };
  return null;
}

/**
 * Values that many streams send as they are (a chat message followed by a whole class): superjson
 * turns each into its wire form once, on first use, not once per follower. Only values marked with
 * `sharedValue` are remembered, and they are never changed after, so no answer is served stale.
 */
const shared = new WeakSet<object>();
const sharedForms = new WeakMap<object, SuperJSONResult>();

/** Marks a value that is never changed again as one whose wire form may be reused (see `shared`). */
export function sharedValue<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

/** superjson, with the wire forms of shared values kept (see `shared`). */
export const wireTransformer = {
  serialize(value: unknown): SuperJSONResult {
    if (value === null || typeof value !== "object" || !shared.has(value)) return superjson.serialize(value);
    let form = sharedForms.get(value);
    if (!form) {
      form = superjson.serialize(value);
      sharedForms.set(value, form);
    }
    return form;
  },
  deserialize: (value: SuperJSONResult) => superjson.deserialize(value),
};

const t = initTRPC.context<Context>().create({
  transformer: wireTransformer,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // A sentence that names the field and the limit, e.g. "title is too long: the limit is 200 characters";
      // fieldErrors carry each message without its field's name.
      // Internal errors never reach the client as they are (they may quote SQL): the request id finds them in the log.
      message: zod
        ? describeIssues(zod)
        : error.code === "INTERNAL_SERVER_ERROR"
          ? "Something went wrong on the server; please try again"
          : shape.message,
      data: { ...data, fieldErrors: fieldErrorsOf(error.cause) },
    };
  },
});

/** Maps service errors to tRPC codes, and a ZodError from a service's own parse to BAD_REQUEST. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ServiceError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: describeIssues(cause), cause });
  }
  return result;
});

/**
 * A service call inside a subscription's stream, where the middleware above no longer sees
 * errors (it wraps only the start): a service's refusal becomes its tRPC error here.
 */
export async function streamStep<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ServiceError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}

/** How often a stream re-checks access and re-reads without a wake-up, ms, on average. */
export const idleRecheckMs = 15_000;

/**
 * The wait until a stream's next re-check: 75-125 % of `idleRecheckMs`, drawn each time. A class
 * opens its streams within a second; on one fixed period they all re-checked in the same moment
 * (400 access checks at once for 200 students following a session's chat and polls), and a chat
 * message sent then waited behind them.
 */
export const recheckDelayMs = () => Math.round(idleRecheckMs * (0.75 + Math.random() * 0.5));

/**
 * A subscription that sends the caller's whole view at once, then again whenever it changes (an
 * unchanged view is not sent), so a reconnect needs nothing to resume from. Before each read it
 * registers for the next wake-up (so no change between the read and the wait is missed); it
 * re-checks the caller's access every `idleRecheckMs` rather than on every change, which wakes
 * every follower.
 */
export async function* followView<V, A>(options: {
  first: V;
  /** What the first read's access check found (e.g. whether the caller is staff). */
  access: A;
  recheck: () => Promise<A>;
  read: (access: A) => Promise<V>;
  /** The next wake-up (a NOTIFY hub's `waitFor`), given the view last read; at most `idleRecheckMs` away. */
  wake: (view: V) => { promise: Promise<unknown>; cancel(): void };
  signal: AbortSignal | undefined;
}): AsyncGenerator<V> {
  let view = options.first;
  let access = options.access;
  let last = JSON.stringify(view);
  let recheckAt = Date.now() + recheckDelayMs();
  yield view;
  for (;;) {
    const wake = options.wake(view);
    // A view that changed may want an earlier wake-up (a timer it shows); the one registered
    // before the read stays too, so a notice that came meanwhile is not lost.
    let sooner: { promise: Promise<unknown>; cancel(): void } | null = null;
    let recheck: NodeJS.Timeout | undefined;
    try {
      if (Date.now() >= recheckAt) {
        access = await streamStep(options.recheck());
        recheckAt = Date.now() + recheckDelayMs();
      }
      view = await streamStep(options.read(access));
      const key = JSON.stringify(view);
      if (key !== last) {
        last = key;
        sooner = options.wake(view);
        yield view;
      }
      // The callers' wake-ups come at the latest after `idleRecheckMs`: the re-check may be due sooner.
      const due = new Promise((r) => {
        recheck = setTimeout(r, Math.max(0, recheckAt - Date.now()));
      });
      await Promise.race([wake.promise, due, ...(sooner ? [sooner.promise] : [])]);
      if (options.signal?.aborted) return;
    } finally {
      clearTimeout(recheck);
      wake.cancel();
      sooner?.cancel();
    }
  }
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(serviceErrors);

/**
 * A signed-in caller; `ctx.actor` is set. A subscription's stream ends (UNAUTHORIZED) once the
 * session it was opened with is signed out, revoked, expired or banned, or the user's role changed
 * (see stream-sessions.ts).
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const actor = ctx.actor;
  if (!actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  const result = await actingAs(ctx.impersonatedBy, () => next({ ctx: { ...ctx, actor } }));
  if (type !== "subscription" || !result.ok || !ctx.sessionId || !isAsyncIterable(result.data)) return result;
  return { ...result, data: untilSessionEnds(result.data, streamSessionsOf(ctx.db), ctx.sessionId, actor) };
});

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> => typeof v === "object" && v !== null && Symbol.asyncIterator in v;
