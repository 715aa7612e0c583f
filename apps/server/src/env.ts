import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseEnvSchema, dataDir } from "@codeclass/db";
import { mailEnvSchema } from "@codeclass/mail";
import { backup, live, storageEnvSchema } from "@codeclass/services";
import { z } from "zod";
import { trustedProxies } from "./client-address.ts";
import { monitoringEnvSchema } from "./monitoring/env.ts";

const bool = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no"], { error: "use true or false" })
    .optional()
    .transform((v) => (v === undefined ? fallback : ["1", "true", "yes"].includes(v)));

const schema = databaseEnvSchema.extend(mailEnvSchema.shape).extend({
  ...monitoringEnvSchema.shape,
  ...storageEnvSchema.shape,
  ...backup.backupEnvSchema.shape,
  ...live.liveKitEnvSchema.shape,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: "PORT must be a number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  PUBLIC_URL: z.url({ error: "PUBLIC_URL must be a URL such as https://codeclass.example.edu" }).optional(),
  BETTER_AUTH_SECRET: z
    .string()
    .min(32, { error: "BETTER_AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)" })
    .optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** false, true (the machine itself and private networks) or the proxies' addresses and networks: see client-address.ts. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const trusted = trustedProxies(value);
      if (typeof trusted !== "string") return trusted;
      ctx.addIssue({ code: "custom", message: `${trusted}: use false, true (private networks) or a list like 10.0.0.2, 10.8.0.0/16` });
      return z.NEVER;
    }),
  WORKER: bool(true),
  SERVE_WEB: bool(true),
  /** Runs the in-process worker takes at once (default: 4 per CPU, 4 to 32; see @codeclass/worker's defaultConcurrency). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  SEED_DEMO: bool(true),
  SANDBOX_DRIVER: z.enum(["docker", "bwrap"], { error: "SANDBOX_DRIVER must be docker or bwrap (or unset to detect)" }).optional(),
  AUTH_RATE_LIMIT: bool(true),
  REDIS_URL: z
    .url({ error: "REDIS_URL must be a URL such as redis://127.0.0.1:6379" })
    .refine((u) => /^rediss?:/.test(u), { error: "REDIS_URL must start with redis:// or rediss://" })
    .optional(),
  METRICS_TOKEN: z.string().min(16, { error: "METRICS_TOKEN must be at least 16 characters (try: openssl rand -hex 16)" }).optional(),
});

export type Env = z.infer<typeof schema> & {
  publicUrl: string;
  secret: string;
  /** Where runtime data lives (DATA_DIR, else outside the repository). */
  dataDir: string;
  /** Where backups go (BACKUP_DIR, else `<dataDir>/backups`). */
  backupDir: string;
};

/** Reads and checks the environment; a mistake ends the process with what to set. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  for (const p of ["GITHUB", "GOOGLE"] as const) {
    if (Boolean(env[`${p}_CLIENT_ID`]) !== Boolean(env[`${p}_CLIENT_SECRET`])) {
      throw new Error(`Invalid configuration:\n  set both ${p}_CLIENT_ID and ${p}_CLIENT_SECRET, or neither`);
    }
  }
  if (env.NODE_ENV === "production" && !env.BETTER_AUTH_SECRET) {
    throw new Error("Invalid configuration:\n  BETTER_AUTH_SECRET is required in production (try: openssl rand -base64 32)");
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const dir = dataDir(source);
  return {
    ...env,
    publicUrl,
    dataDir: dir,
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : path.join(dir, "backups"),
    secret: env.BETTER_AUTH_SECRET ?? devSecret(dir),
  };
}

const loopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The public URL's origin; when that is a loopback address (a development or single-machine
 * install), every loopback spelling of it, so that a page opened at http://127.0.0.1:3000
 * works as well as one at http://localhost:3000. Nothing else is trusted.
 */
export function trustedOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!loopbackHosts.includes(url.hostname)) return [url.origin];
  return loopbackHosts.map((host) => {
    const u = new URL(url.origin);
    u.hostname = host;
    return u.origin;
  });
}

/** Outside production, a random secret is made once and kept in the data directory so sessions survive restarts. */
function devSecret(dir: string): string {
  const file = path.join(dir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  // Traversable (the embedded Postgres's own user reaches its folder inside) but not listable.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o711 });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
