import { eventually } from "@codeclass/test-utils";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, test } from "vitest";
import { browser, totp, useServer } from "./helpers.ts";

const server = useServer();
const base = () => server.url;
let n = 0;
const newEmail = () => `person${Date.now()}${n++}@example.org`;

async function signUp(b: ReturnType<typeof browser>, email = newEmail(), password = "correct horse battery") {
  const res = await b.post("/api/auth/sign-up/email", { name: "Pat Learner", email, password });
  expect(res.status).toBe(200);
  return { email, password };
}

describe("sign-up, sign-in, sign-out through the real server", () => {
  test("sign-up sets a session cookie that reaches the tRPC context as a student", async () => {
    const b = browser(base);
    const { email } = await signUp(b);
    expect([...b.cookies.keys()].some((k) => k.includes("session_token"))).toBe(true);
    const me = await b.query("me.get");
    expect(me.status).toBe(200);
    expect(me.body.result!.data.json).toMatchObject({ email, role: "student", twoFactorEnabled: false });
  });

  test("sign-in with the wrong password is refused; the right one signs in; sign-out ends the session", async () => {
    const { email, password } = await signUp(browser(base));
    const b = browser(base);
    const wrong = await b.post("/api/auth/sign-in/email", { email, password: "not the password" });
    expect(wrong.status).toBe(401);
    expect((await b.query("me.get")).body.error!.json.data.code).toBe("UNAUTHORIZED");

    expect((await b.post("/api/auth/sign-in/email", { email, password })).status).toBe(200);
    expect((await b.query("me.get")).body.result!.data.json.email).toBe(email);

    expect((await b.post("/api/auth/sign-out", {})).status).toBe(200);
    const after = await b.query("me.get");
    expect(after.status).toBe(401);
    expect(after.body.error!.json.data.code).toBe("UNAUTHORIZED");
  });

  test("a bearer token (for non-browser clients) authenticates tRPC calls", async () => {
    const { email, password } = await signUp(browser(base));
    const res = await fetch(`${base()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base() },
      body: JSON.stringify({ email, password }),
    });
    const token = res.headers.get("set-auth-token");
    expect(token).toBeTruthy();
    const bare = browser(base);
    expect((await bare.query("me.get", undefined, { authorization: `Bearer ${token}` })).body.result!.data.json.email).toBe(email);
    expect((await bare.query("me.get", undefined, { authorization: "Bearer forged-token" })).status).toBe(401);
    // The session's bare token (as the database, a backup or a log holds it) is not a credential: only the signed one.
    const raw = decodeURIComponent(token!).split(".")[0]!;
    const [row] = await server.platform.db.$client`select count(*)::int as n from session where token = ${raw}`;
    expect(row!.n).toBe(1);
    expect((await bare.query("me.get", undefined, { authorization: `Bearer ${raw}` })).status).toBe(401);
  });

  test("a duplicate sign-up is refused and a too-short password is refused", async () => {
    const { email } = await signUp(browser(base));
    const again = await browser(base).post("/api/auth/sign-up/email", { name: "X", email, password: "another password" });
    expect(again.status).toBeGreaterThanOrEqual(400);
    const short = await browser(base).post("/api/auth/sign-up/email", { name: "X", email: newEmail(), password: "short" });
    expect(short.status).toBe(400);
  });
});

describe("two-factor authentication", () => {
  test("enable TOTP, then sign-in needs the second factor; a wrong code is refused; a backup code works once", async () => {
    const b = browser(base);
    const { email, password } = await signUp(b);
    const enable = await b.post("/api/auth/two-factor/enable", { password });
    expect(enable.status).toBe(200);
    const { totpURI, backupCodes } = (await enable.json()) as { totpURI: string; backupCodes: string[] };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    expect(backupCodes.length).toBeGreaterThanOrEqual(5);
    // Enabling completes only once a code from the authenticator is confirmed.
    expect((await b.post("/api/auth/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);
    expect((await b.query("me.get")).body.result!.data.json.twoFactorEnabled).toBe(true);
    await b.post("/api/auth/sign-out", {});

    const c = browser(base);
    const first = await c.post("/api/auth/sign-in/email", { email, password });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect).toBe(true);
    expect((await c.query("me.get")).status).toBe(401); // no session until the second factor
    const wrongCode = String((Number(totp(secret)) + 1) % 1_000_000).padStart(6, "0");
    expect((await c.post("/api/auth/two-factor/verify-totp", { code: wrongCode })).status).toBe(401);
    expect((await c.post("/api/auth/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);
    expect((await c.query("me.get")).body.result!.data.json.email).toBe(email);

    const d = browser(base);
    await d.post("/api/auth/sign-in/email", { email, password });
    expect((await d.post("/api/auth/two-factor/verify-backup-code", { code: backupCodes[0] })).status).toBe(200);
    expect((await d.query("me.get")).status).toBe(200);
    const e = browser(base);
    await e.post("/api/auth/sign-in/email", { email, password });
    expect((await e.post("/api/auth/two-factor/verify-backup-code", { code: backupCodes[0] })).status).toBeGreaterThanOrEqual(400);
    expect((await e.query("me.get")).status).toBe(401);
  });
});

describe("password reset", () => {
  test("the reset mail goes through the job queue; its link sets a new password and the old one stops working", async () => {
    const { email, password } = await signUp(browser(base));
    const b = browser(base);
    expect((await b.post("/api/auth/request-password-reset", { email, redirectTo: "/reset-password" })).status).toBe(200);
    const mail = await eventually(() => {
      const m = server.outbox.find((x) => x.to === email && x.text.includes("reset-password"));
      if (!m) throw new Error("no mail yet");
      return m;
    }, 10_000);
    const link = mail.text.match(/https?:\/\/\S+/)![0];
    // The link goes through the server, which redirects to the app with the token.
    const hop = await fetch(link, { redirect: "manual" });
    const location = new URL(hop.headers.get("location")!, base());
    expect(location.pathname).toBe("/reset-password");
    const token = location.searchParams.get("token")!;
    expect(token).toBeTruthy();
    expect((await b.post("/api/auth/reset-password", { newPassword: "a brand new passphrase", token })).status).toBe(200);
    expect((await browser(base).post("/api/auth/sign-in/email", { email, password })).status).toBe(401);
    expect((await browser(base).post("/api/auth/sign-in/email", { email, password: "a brand new passphrase" })).status).toBe(200);
    // A used token cannot be replayed.
    expect((await b.post("/api/auth/reset-password", { newPassword: "yet another passphrase", token })).status).toBe(400);
  });

  test("asking for a reset of an unknown email answers the same way and sends nothing", async () => {
    const before = server.outbox.length;
    const res = await browser(base).post("/api/auth/request-password-reset", {
      email: "nobody-here@example.org",
      redirectTo: "/reset-password",
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(server.outbox.length).toBe(before);
  });
});

describe("rate limits and server basics", () => {
  test("repeated wrong passwords for one account are throttled with 429 (sign-in-throttle.test.ts has the rest)", async () => {
    const { email } = await signUp(browser(base));
    const b = browser(base);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await b.post("/api/auth/sign-in/email", { email, password: `wrong-${i}-password` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another account behind the same address is not affected.
    const other = await signUp(browser(base));
    expect((await b.post("/api/auth/sign-in/email", other)).status).toBe(200);
  });

  test("/healthz reports the database; /metrics counts requests; responses carry a request id", async () => {
    const res = await fetch(`${base()}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/codeclass_http_requests_total\{route="healthz",method="GET",status="200"\} \d+/);
  });

  test("/healthz answers while every connection of the API's pool is taken (a storm of work is not an outage)", async () => {
    // The test holds a lock; more queries than the API's pool has connections wait for it, so every
    // connection of the pool is busy until the lock is let go.
    const holder = postgres(server.platform.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await holder`select pg_advisory_lock(424242)`;
      // (.then: a drizzle query runs only once something waits for it.)
      const waiting = Array.from({ length: 80 }, () =>
        server.platform.db.execute(sql`select pg_advisory_xact_lock(424242)`).then(() => "done"),
      );
      await eventually(async () => {
        const [row] = await holder<
          { n: number }[]
        >`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock%'`;
        expect(row!.n).toBeGreaterThanOrEqual(10);
      });
      // Without a connection of its own the probe would wait for the lock too: the race says which comes first.
      const health = fetch(`${base()}/healthz`).then(async (r) => ({ status: r.status, body: await r.json() }));
      const stuck = new Promise((resolve) => setTimeout(() => resolve("still waiting for the pool"), 5000));
      expect(await Promise.race([health, stuck])).toEqual({ status: 200, body: { status: "ok", database: "ok" } });
      await holder`select pg_advisory_unlock(424242)`;
      await Promise.all(waiting);
    } finally {
      await holder.end({ timeout: 5 });
    }
  });

  test("malformed requests get a 4xx, never crash the server", async () => {
    const b = browser(base);
    const bad = await fetch(`${base()}/trpc/course.create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const unknown = await b.query("course.nope");
    expect(unknown.status).toBe(404);
    const huge = await b.post("/api/auth/sign-in/email", { email: `${"a".repeat(100_000)}@x.org`, password: "x".repeat(100_000) });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
});
