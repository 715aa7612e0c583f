import { type Database, signInFailure } from "@codeclass/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { and, eq, gt, lt, sql } from "drizzle-orm";

/** How many failed sign-ins are allowed, per account and per client address. */
export interface SignInThrottleOptions {
  /** Off: nothing is counted or refused (tests and benchmarks that sign in many users). Default on. */
  enabled?: boolean;
  /** Failures per account (email) within `accountWindowSeconds` before the account's sign-ins are refused. Default 5. */
  accountMaxFailures?: number;
  /** Default 900 (15 minutes). */
  accountWindowSeconds?: number;
  /** Failures per client address within `addressWindowSeconds` before that address's sign-ins are refused. Default 30. */
  addressMaxFailures?: number;
  /** Default 600 (10 minutes). */
  addressWindowSeconds?: number;
}

interface Bucket {
  key: string;
  max: number;
  windowSeconds: number;
  refusal: (minutes: number) => string;
}

const minutes = (m: number) => (m === 1 ? "1 minute" : `${m} minutes`);

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

/** Forgets a bucket's failures (a success, or a password reset). */
const clearBucket = async (db: Database, key: string) => {
  await db.delete(signInFailure).where(eq(signInFailure.key, key));
};

/**
 * Lifts an account's sign-in lock: its owner proved the mailbox by resetting the password (the
 * lock's message points there), so a stranger's guesses no longer keep them out.
 */
export async function clearAccountFailures(db: Database, email: string): Promise<void> {
  await clearBucket(db, accountKey(email));
}

/**
 * Counts FAILED email+password sign-ins per account and per address (correct ones never count,
 * so a class behind one address signs in freely) and refuses further attempts with 429 once a
 * budget is spent, until its window passes. A success clears the account's count.
 */
export function signInThrottle(db: Database, options: SignInThrottleOptions = {}): BetterAuthPlugin {
  const account = { max: options.accountMaxFailures ?? 5, window: options.accountWindowSeconds ?? 900 };
  const address = { max: options.addressMaxFailures ?? 30, window: options.addressWindowSeconds ?? 600 };

  type Ctx = { body?: unknown; request?: Request; headers?: Headers; context: { options: object } };
  const accountBucket = (ctx: Ctx): Bucket | null => {
    const body = ctx.body as { email?: unknown } | undefined;
    const email = typeof body?.email === "string" ? body.email.trim().toLowerCase() : null;
    if (!email) return null;
    return {
      key: accountKey(email),
      max: account.max,
      windowSeconds: account.window,
      refusal: (m) => `Too many failed sign-ins for ${email}: try again in ${minutes(m)}, or reset your password with "Forgot password".`,
    };
  };
  const addressBucket = (ctx: Ctx): Bucket | null => {
    const source = ctx.request ?? ctx.headers;
    const ip = source ? getIP(source, ctx.context.options as Parameters<typeof getIP>[1]) : null;
    if (!ip) return null;
    return {
      key: `address:${ip}`,
      max: address.max,
      windowSeconds: address.window,
      refusal: (m) => `Too many failed sign-ins from your network: try again in ${minutes(m)}.`,
    };
  };

  const refusal = (b: Bucket, windowStartedAt: Date) => {
    const retryAfter = Math.max(1, Math.ceil((windowStartedAt.getTime() + b.windowSeconds * 1000 - Date.now()) / 1000));
    return new APIError(
      "TOO_MANY_REQUESTS",
      { code: "TOO_MANY_FAILED_SIGN_INS", message: b.refusal(Math.ceil(retryAfter / 60)) },
      { "X-Retry-After": String(retryAfter) },
    );
  };

  const expired = (b: Bucket) => sql`${signInFailure.windowStartedAt} <= now() - make_interval(secs => ${b.windowSeconds})`;

  /** Adds one failure (a new window when the last one has passed) in one statement, so servers never lose a count. */
  const count = async (b: Bucket) => {
    const [row] = await db
      .insert(signInFailure)
      .values({ key: b.key, failures: 1, windowStartedAt: sql`now()` })
      .onConflictDoUpdate({
        target: signInFailure.key,
        set: {
          failures: sql`case when ${expired(b)} then 1 else ${signInFailure.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired(b)} then now() else ${signInFailure.windowStartedAt} end`,
        },
      })
      .returning();
    return row!;
  };

  const current = async (b: Bucket) => {
    const [row] = await db
      .select()
      .from(signInFailure)
      .where(and(eq(signInFailure.key, b.key), gt(signInFailure.windowStartedAt, sql`now() - make_interval(secs => ${b.windowSeconds})`)));
    return row;
  };

  const longestWindow = Math.max(account.window, address.window);
  let lastSweep = 0;
  const sweep = async () => {
    if (Date.now() - lastSweep < 60_000) return;
    lastSweep = Date.now();
    await db.delete(signInFailure).where(lt(signInFailure.windowStartedAt, sql`now() - make_interval(secs => ${longestWindow})`));
  };

  const enabled = options.enabled ?? true;
  const isPasswordSignIn = (ctx: { path?: string }) => enabled && ctx.path === "/sign-in/email";
  return {
    id: "codeclass-sign-in-throttle",
    hooks: {
      before: [
        {
          matcher: isPasswordSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const byAddress = addressBucket(ctx);
            const spent = byAddress && (await current(byAddress));
            if (byAddress && spent && spent.failures >= byAddress.max) throw refusal(byAddress, spent.windowStartedAt);
            // The account's attempt is counted up front (and given back unless it fails), so parallel
            // guesses cannot all pass the check before the first failure is written.
            const byAccount = accountBucket(ctx);
            if (!byAccount) return;
            const row = await count(byAccount);
            if (row.failures > byAccount.max) throw refusal(byAccount, row.windowStartedAt);
          }),
        },
      ],
      after: [
        {
          matcher: isPasswordSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const byAccount = accountBucket(ctx);
            const byAddress = addressBucket(ctx);
            if (isAPIError(returned) && returned.statusCode === 401) {
              if (byAddress) await count(byAddress);
              await sweep();
            } else if (!isAPIError(returned)) {
              if (byAccount) await clearBucket(db, byAccount.key);
            } else if (byAccount) {
              // Not a wrong password (a malformed request, a banned account): give the attempt back.
              await db
                .update(signInFailure)
                .set({ failures: sql`greatest(${signInFailure.failures} - 1, 0)` })
                .where(eq(signInFailure.key, byAccount.key));
            }
          }),
        },
      ],
    },
  };
}
