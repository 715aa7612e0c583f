import type { Database } from "@codeclass/db";
import { schema, user } from "@codeclass/db";
import { type Mailer, resetPasswordMail, verifyEmailMail } from "@codeclass/mail";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin, bearer, twoFactor } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { impersonationGuard } from "./impersonation-guard.ts";
import { fitName, profileRules } from "./profile-rules.ts";
import { clearAccountFailures, type SignInThrottleOptions, signInThrottle } from "./sign-in-throttle.ts";

/** The header the Codeclass server sets to the client's address (replacing any client value). */
export const clientIpHeader = "x-codeclass-client-ip";

export interface AuthOptions {
  db: Database;
  /** Public origin, e.g. http://localhost:3000. */
  baseURL: string;
  /** Signs cookies and tokens; at least 32 characters. */
  secret: string;
  /** Delivers password-reset and address-verification mail. */
  mailer: Mailer;
  /** OAuth apps; a provider is enabled when both its id and secret are set. */
  github?: { clientId: string; clientSecret: string };
  google?: { clientId: string; clientSecret: string };
  /**
   * Limits on auth endpoints (default on): a generous flood limit per address and minute on
   * sign-in, and failed sign-ins counted per account and per address (`failures`).
   */
  rateLimit?: { enabled: boolean; signInPerMinute?: number; failures?: SignInThrottleOptions };
  /** Receives better-auth's own log lines (e.g. a pino logger); silent when omitted. */
  log?: {
    debug: (obj: object, msg: string) => void;
    info: (obj: object, msg: string) => void;
    warn: (obj: object, msg: string) => void;
    error: (obj: object, msg: string) => void;
  };
  /** Extra origins allowed to call the auth API (the base URL is always allowed). */
  trustedOrigins?: string[];
}

export function createAuth(options: AuthOptions) {
  const rateLimited = options.rateLimit?.enabled ?? true;
  // A whole class behind one school address signs in at the start of a lesson: only failures are scarce.
  const signInMax = options.rateLimit?.signInPerMinute ?? 600;
  return betterAuth({
    appName: "Codeclass",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: [options.baseURL, ...(options.trustedOrigins ?? [])],
    // The admin plugin's own endpoints for these would skip the platform's rules (never the last admin,
    // never oneself) and its audit log: admins use the admin.* procedures (services/admin), which call
    // auth.api on the server where needed. Stopping an impersonation stays open to the browser.
    disabledPaths: [
      "/admin/set-role",
      "/admin/ban-user",
      "/admin/unban-user",
      "/admin/remove-user",
      "/admin/impersonate-user",
      // Stopping goes through admin.stopImpersonating, which writes it to the audit log.
      "/admin/stop-impersonating",
      // These would hand an admin another user's session tokens (a bearer token acts as that user,
      // past two-factor sign-in and the audit log) or change an account with no audit: accounts are
      // made by invitation, import and the CLI; passwords are reset by their owners.
      "/admin/list-user-sessions",
      "/admin/revoke-user-session",
      "/admin/revoke-user-sessions",
      "/admin/set-user-password",
      "/admin/update-user",
      "/admin/create-user",
    ],
    database: drizzleAdapter(options.db, {
      provider: "pg",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        twoFactor: schema.twoFactor,
        rateLimit: schema.rateLimit,
      },
    }),
    user: {
      additionalFields: {
        bio: { type: "string", required: false, input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      // Only the mailbox's owner can follow a reset link, so a reset proves the address too, and
      // lifts a lock that someone else's wrong guesses put on the account.
      onPasswordReset: async ({ user: reset }) => {
        if (!reset.emailVerified) await options.db.update(user).set({ emailVerified: true }).where(eq(user.id, reset.id));
        await clearAccountFailures(options.db, reset.email);
      },
      sendResetPassword: async ({ user, url }) => {
        await options.mailer.send(resetPasswordMail(user, url));
      },
    },
    // Enrollment is by email, so an enrollment counts only once its address is verified (services/access.ts).
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24 * 3,
      sendVerificationEmail: async ({ user: to, url }) => {
        await options.mailer.send(verifyEmailMail(to, url));
      },
    },
    databaseHooks: {
      // The admin's "last active" (services/admin/list-users.ts): a sign-in, or a used session's daily refresh (updateAge).
      session: {
        create: { after: async (s) => markActive(options.db, s) },
        update: { after: async (s) => markActive(options.db, s) },
      },
      user: {
        create: { before: async (data) => ({ data: { ...data, name: fitName(String(data.name ?? "")) } }) },
        update: {
          before: async (data) => (typeof data.name === "string" ? { data: { ...data, name: fitName(data.name) } } : { data }),
        },
      },
    },
    socialProviders: {
      ...(options.github ? { github: options.github } : {}),
      ...(options.google ? { google: options.google } : {}),
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: rateLimited,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: signInMax },
        "/sign-up/email": { window: 60, max: 120 },
        // Wrong codes also lock the account's second factor (twoFactor accountLockout below).
        "/two-factor/verify-totp": { window: 60, max: 120 },
        "/two-factor/verify-backup-code": { window: 60, max: 120 },
        "/two-factor/verify-otp": { window: 60, max: 120 },
        "/request-password-reset": { window: 60, max: 5 },
        "/send-verification-email": { window: 60, max: 5 },
      },
    },
    advanced: {
      // better-auth turns its origin (CSRF) check off when NODE_ENV is "test": keep it on, so tests see what users get.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      database: { generateId: () => crypto.randomUUID() },
    },
    logger: options.log
      ? { level: "info", log: (level, message, ...args) => options.log![level]({ component: "auth", args }, message) }
      : { disabled: true },
    plugins: [
      profileRules(),
      impersonationGuard(),
      signInThrottle(options.db, { enabled: rateLimited, ...options.rateLimit?.failures }),
      twoFactor({ issuer: "Codeclass", accountLockout: { enabled: rateLimited, maxFailedAttempts: 5, durationSeconds: 15 * 60 } }),
      admin({ defaultRole: "student", adminRoles: ["admin"] }),
      // Only the signed token sign-in hands out (set-auth-token): a bare session token (read from
      // the database, a backup, a log) is not a credential on its own.
      bearer({ requireSignature: true }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** An admin's impersonation is not the user's own activity. */
async function markActive(db: Database, s: { userId?: string; impersonatedBy?: string | null }) {
  if (s.userId && !s.impersonatedBy) await db.update(user).set({ lastActiveAt: new Date() }).where(eq(user.id, s.userId));
}
