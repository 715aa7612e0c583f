import { ServiceError } from "@codeclass/services";
import { describeIssues } from "@codeclass/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Context } from "./context.ts";

function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  if (cause instanceof ZodError) return z.flattenError(cause).fieldErrors as Record<string, string[]>;
  if (cause instanceof ServiceError && cause.field) return { [cause.field]: [cause.detail] };
  return null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(serviceErrors);

/** A signed-in caller; `ctx.actor` is set. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});
