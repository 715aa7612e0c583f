import { createHmac } from "node:crypto";
import type { Mail } from "@codeclass/mail";
import { cloneTemplate, eventually } from "@codeclass/test-utils";
import { afterAll, beforeAll } from "vitest";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { type Platform, type PlatformOptions, startPlatform } from "../src/platform.ts";

/**
 * The real server on a cloned test database, port 0; API only unless `web` says otherwise
 * (the Vite dev server, or a built app in `webDist`); mail lands in `outbox`.
 */
export function useServer(extraEnv: Record<string, string> = {}, web: Pick<PlatformOptions, "web" | "webDist"> = { web: "none" }) {
  const ctx = { outbox: [] as Mail[] } as { platform: Platform; url: string; outbox: Mail[] };
  let drop = async () => {};
  beforeAll(async () => {
    const clone = await cloneTemplate();
    drop = clone.drop;
    const env = loadEnv({
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: clone.url,
      BETTER_AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      TRUST_PROXY: "true",
      ...extraEnv,
    });
    ctx.platform = await startPlatform({
      env,
      log: createLogger("silent", false),
      ...web,
      mailer: { send: async (m) => void ctx.outbox.push(m) },
    });
    ctx.url = ctx.platform.url;
  }, 60_000);
  afterAll(async () => {
    await ctx.platform?.close();
    await drop();
  });
  return ctx;
}

/** A cookie-keeping HTTP client for one browser; each gets its own client IP (rate limits are per IP). */
let ipSeq = 1;
export function browser(base: () => string) {
  const cookies = new Map<string, string>();
  const ip = `198.51.100.${ipSeq++}`;
  const headers = (extra: Record<string, string> = {}) => ({
    origin: base(),
    "x-forwarded-for": ip,
    ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
    ...extra,
  });
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === "" || /max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  };
  return {
    cookies,
    async post(path: string, body: unknown, extra: Record<string, string> = {}) {
      return keep(
        await fetch(base() + path, {
          method: "POST",
          headers: headers({ "content-type": "application/json", ...extra }),
          body: JSON.stringify(body),
        }),
      );
    },
    async get(path: string, extra: Record<string, string> = {}) {
      return keep(await fetch(base() + path, { headers: headers(extra) }));
    },
    /** A tRPC query over HTTP (superjson envelope); returns status and parsed body. */
    async query(proc: string, input?: unknown, extra: Record<string, string> = {}) {
      const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      const res = await this.get(`/trpc/${proc}${q}`, extra);
      return {
        status: res.status,
        body: (await res.json()) as { result?: { data: { json: any } }; error?: { json: { message: string; data: { code: string } } } },
      };
    },
    async mutate(proc: string, input: unknown, extra: Record<string, string> = {}) {
      const res = await this.post(`/trpc/${proc}`, { json: input }, extra);
      return {
        status: res.status,
        body: (await res.json()) as { result?: { data: { json: any } }; error?: { json: { message: string; data: { code: string } } } },
      };
    },
  };
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits): an oracle independent of better-auth's own code. */
export function totp(base32Secret: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of base32Secret.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** The newest mail to `to` whose text matches `pattern`, waiting for the job queue to deliver it. */
export function mailTo(server: { outbox: Mail[] }, to: string, pattern: RegExp, timeoutMs = 10_000) {
  return eventually(() => {
    const mail = server.outbox.findLast((m) => m.to === to && pattern.test(m.text));
    if (!mail) throw new Error(`no mail to ${to} matching ${pattern} yet`);
    return mail;
  }, timeoutMs);
}

/** Follows the verification link mailed to `email` (as the mailbox owner would) and returns where it led. */
export async function verifyEmailByMail(server: { outbox: Mail[] }, email: string) {
  const mail = await mailTo(server, email, /verify-email\?token=/);
  const link = mail.text.match(/https?:\/\/\S+verify-email\S+/)![0];
  const res = await fetch(link, { redirect: "manual" });
  if (res.status !== 302) throw new Error(`verification link answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!, link);
}

/** Signs up over HTTP and verifies the address through the mailed link: a member whose enrollments count. */
export async function signUpVerified(
  server: { outbox: Mail[] },
  b: ReturnType<typeof browser>,
  body: { name: string; email: string; password: string },
) {
  const res = await b.post("/api/auth/sign-up/email", body);
  if (res.status !== 200) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  await verifyEmailByMail(server, body.email);
}
