import { createUserAccount } from "@codeclass/auth";
import { describe, expect, test } from "vitest";
import { browser, mailTo, totp, useServer } from "./helpers.ts";

// The server's rate limits are on (AUTH_RATE_LIMIT defaults to true); each test uses its own addresses.
const server = useServer({ AUTH_RATE_LIMIT: "true" });
const base = () => server.url;
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

async function accounts(count: number, password = "correct horse battery") {
  const made: { email: string; password: string }[] = [];
  for (let i = 0; i < count; i++) {
    const email = `learner${unique()}@school.test`;
    await createUserAccount(server.platform.auth, server.platform.db, { email, name: `Learner ${i}`, password, role: "student" });
    made.push({ email, password });
  }
  return made;
}

/** A sign-in as seen from `address` (the server trusts X-Forwarded-For in these tests). */
async function signIn(address: string, email: string, password: string) {
  const res = await browser(base).post("/api/auth/sign-in/email", { email, password }, { "x-forwarded-for": address });
  const body = (await res.json()) as { message?: string };
  return { status: res.status, message: body.message ?? "", retryAfter: res.headers.get("x-retry-after") };
}

describe("sign-in limits count failures, not students", () => {
  test("60 students behind one school address sign in within a minute: all succeed", async () => {
    const students = await accounts(60);
    const school = "203.0.113.10";
    const statuses: number[] = [];
    for (let i = 0; i < students.length; i += 6) {
      const batch = students.slice(i, i + 6).map((s) => signIn(school, s.email, s.password));
      for (const r of await Promise.all(batch)) statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(60).fill(200));
    // All 60 fell in one window of the per-address flood counter (it restarts when a window passes).
    const [flood] = await server.platform.db.$client`select count from rate_limit where key = ${`${school}|/sign-in/email`}`;
    expect(flood!.count).toBe(60);
  }, 120_000);

  test("guessing one account's password: refused after 5 failures, the right password too, until the window passes", async () => {
    const [victim, classmate] = await accounts(2);
    const attacker = "203.0.113.20";
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(attacker, victim!.email, `guess-number-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await signIn(attacker, victim!.email, "guess-number-5");
    expect(locked.status).toBe(429);
    expect(locked.message).toBe(
      `Too many failed sign-ins for ${victim!.email}: try again in 15 minutes, or reset your password with "Forgot password".`,
    );
    expect(Number(locked.retryAfter)).toBeGreaterThan(14 * 60);
    // The account is throttled, from any address, even with the right password...
    expect((await signIn("203.0.113.21", victim!.email, victim!.password)).status).toBe(429);
    // ...while other accounts behind the same address are not.
    expect((await signIn(attacker, classmate!.email, classmate!.password)).status).toBe(200);
    // Once the 15 minutes have passed, the right password works again.
    await server.platform.db
      .$client`update sign_in_failure set window_started_at = now() - interval '16 minutes' where key = ${`account:${victim!.email}`}`;
    expect((await signIn(attacker, victim!.email, victim!.password)).status).toBe(200);
  }, 120_000);

  test("parallel guesses cannot slip past the account's budget", async () => {
    const [victim] = await accounts(1);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(`203.0.113.${100 + i}`, victim!.email, `parallel-${i}`)));
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
  }, 120_000);

  test("a success clears the account's failures", async () => {
    const [student] = await accounts(1);
    const address = "203.0.113.30";
    for (let i = 0; i < 4; i++) expect((await signIn(address, student!.email, `typo-${i}`)).status).toBe(401);
    expect((await signIn(address, student!.email, student!.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn(address, student!.email, `typo-again-${i}`)).status).toBe(401);
    expect((await signIn(address, student!.email, student!.password)).status).toBe(200);
  }, 120_000);

  test("failures spread over many accounts from one address: that address is refused after 30", async () => {
    const targets = await accounts(16);
    const sprayer = "203.0.113.40";
    const statuses: number[] = [];
    for (const t of targets.slice(0, 15))
      for (const guess of ["Password1", "Summer2024"]) statuses.push((await signIn(sprayer, t.email, guess)).status);
    expect(statuses.map((s, i) => `${i}:${s}`)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}:401`));
    const refused = await signIn(sprayer, targets[15]!.email, targets[15]!.password);
    expect(refused.status).toBe(429);
    expect(refused.message).toBe("Too many failed sign-ins from your network: try again in 10 minutes.");
    // The accounts themselves are not locked: from elsewhere they sign in.
    expect((await signIn("203.0.113.41", targets[0]!.email, targets[0]!.password)).status).toBe(200);
  }, 120_000);

  test("behind the proxy, the address counted is the one the proxy appended: entries the client wrote itself change nothing", async () => {
    const targets = await accounts(2);
    const proxySaw = "203.0.113.50";
    const statuses: number[] = [];
    // Each guess claims another origin in front of the proxy's entry; all 30 count for one address.
    for (let i = 0; i < 30; i++)
      statuses.push((await signIn(`198.51.100.${i}, ${proxySaw}`, `nobody${i}${unique()}@school.test`, "x-wrong-pass")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect((await signIn(`198.51.100.99, ${proxySaw}`, targets[0]!.email, targets[0]!.password)).status).toBe(429);
    // An entry that is not an address counts as no header (the socket's address, loopback here), not as a fresh name.
    expect((await signIn("not-an-address", targets[1]!.email, targets[1]!.password)).status).toBe(200);
  }, 120_000);

  test("IPv6: one /64 is one address (a host holds the whole prefix): failures from 30 of its addresses refuse the 31st", async () => {
    const targets = await accounts(1);
    const statuses: number[] = [];
    for (let i = 1; i <= 30; i++)
      statuses.push((await signIn(`2001:db8:7:42::${i.toString(16)}`, `nobody${i}${unique()}@school.test`, "x-wrong-pass")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await signIn("2001:db8:7:42:ffff:ffff:ffff:ffff", targets[0]!.email, targets[0]!.password);
    expect(refused.status).toBe(429);
    // The next /64 is another address.
    expect((await signIn("2001:db8:7:43::1", targets[0]!.email, targets[0]!.password)).status).toBe(200);
  }, 120_000);

  test("a password reset lifts the account's lock: the owner is not kept out by a stranger's guesses", async () => {
    const [victim] = await accounts(1);
    for (let i = 0; i < 6; i++) await signIn("203.0.113.60", victim!.email, `stranger-${i}`);
    expect((await signIn("203.0.113.61", victim!.email, victim!.password)).status).toBe(429);
    const b = browser(base);
    expect((await b.post("/api/auth/request-password-reset", { email: victim!.email, redirectTo: "/reset-password" })).status).toBe(200);
    const mail = await mailTo(server, victim!.email, /reset-password/);
    const hop = await fetch(mail.text.match(/https?:\/\/\S+/)![0], { redirect: "manual" });
    const token = new URL(hop.headers.get("location")!, base()).searchParams.get("token")!;
    expect((await b.post("/api/auth/reset-password", { newPassword: "a brand new password", token })).status).toBe(200);
    expect((await signIn("203.0.113.61", victim!.email, "a brand new password")).status).toBe(200);
  }, 120_000);

  test("wrong second-factor codes lock the account's second factor after 5 failures", async () => {
    const b = browser(base);
    const email = `twofa${unique()}@school.test`;
    const password = "second factor pw";
    expect((await b.post("/api/auth/sign-up/email", { name: "Two Factor", email, password })).status).toBe(200);
    const { totpURI } = (await (await b.post("/api/auth/two-factor/enable", { password })).json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    expect((await b.post("/api/auth/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);

    const c = browser(base);
    const first = await c.post("/api/auth/sign-in/email", { email, password });
    expect(first.status, await first.clone().text()).toBe(200);
    const wrong = String((Number(totp(secret)) + 500_000) % 1_000_000).padStart(6, "0");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post("/api/auth/two-factor/verify-totp", { code: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await c.post("/api/auth/two-factor/verify-totp", { code: totp(secret) });
    expect(locked.status).toBe(429);
  }, 120_000);
});
