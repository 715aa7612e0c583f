import type { Database } from "@codeclass/db";
import { schema } from "@codeclass/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin, bearer, twoFactor } from "better-auth/plugins";
import type { Mailer } from "./mailer.ts";

/** The header the Codeclass server sets to the client's address (replacing any client value). */
export const clientIpHeader = "x-codeclass-client-ip";

export interface AuthOptions {
  db: Database;
  /** Public origin, e.g. http://localhost:3000. */
  baseURL: string;
  /** Signs cookies and tokens; at least 32 characters. */
  secret: string;
  /** Delivers password-reset mail. */
  mailer: Mailer;
  /** OAuth apps; a provider is enabled when both its id and secret are set. */
  github?: { clientId: string; clientSecret: string };
  google?: { clientId: string; clientSecret: string };
  /** Per-IP limits on auth endpoints (default on). Tests that sign in many users may relax them. */
  rateLimit?: { enabled: boolean; signInPerMinute?: number };
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
  const signInMax = options.rateLimit?.signInPerMinute ?? 10;
  return betterAuth({
    appName: "Codeclass",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: [options.baseURL, ...(options.trustedOrigins ?? [])],
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
      sendResetPassword: async ({ user, url }) => {
        await options.mailer.send({
          to: user.email,
          subject: "Reset your Codeclass password",
          text: `Hello ${user.name},\n\nOpen this link within an hour to choose a new password:\n${url}\n\nIf you did not ask for this, ignore this mail.`,
        });
      },
    },
    socialProviders: {
      ...(options.github ? { github: options.github } : {}),
      ...(options.google ? { google: options.google } : {}),
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: options.rateLimit?.enabled ?? true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: signInMax },
        "/sign-up/email": { window: 60, max: signInMax },
        "/two-factor/verify-totp": { window: 60, max: signInMax },
        "/two-factor/verify-backup-code": { window: 60, max: signInMax },
        "/request-password-reset": { window: 60, max: 5 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      database: { generateId: () => crypto.randomUUID() },
    },
    logger: options.log
      ? { level: "info", log: (level, message, ...args) => options.log![level]({ component: "auth", args }, message) }
      : { disabled: true },
    plugins: [twoFactor({ issuer: "Codeclass" }), admin({ defaultRole: "student", adminRoles: ["admin"] }), bearer()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
