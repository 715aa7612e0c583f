import { describe, expect, test } from "vitest";
import { browser, useServer } from "./helpers.ts";

// The API remembers which session a credential (bearer token or cookie) names once better-auth has
// verified it (packages/api/src/verified-credentials.ts), and reads that session and the user's
// role again on every request: whatever ends a session or changes a role counts from the next
// request, not after some cache time.
const server = useServer();
const base = () => server.url;
const sql = () => server.platform.db.$client;
let n = 0;
const password = "correct horse battery";

async function signedUp(role?: "admin") {
  const email = `verified-${Date.now().toString(36)}${n++}@example.org`;
  const b = browser(base);
  expect((await b.post("/api/auth/sign-up/email", { name: "Pat Learner", email, password })).status).toBe(200);
  if (role) await sql()`update "user" set role = ${role} where email = ${email}`;
  const res = await b.post("/api/auth/sign-in/email", { email, password });
  const token = res.headers.get("set-auth-token")!;
  expect(token).toBeTruthy();
  const [row] = await sql()`select id from "user" where email = ${email}`;
  return { b, email, token, id: row!.id as string, bearer: { authorization: `Bearer ${token}` } };
}

const code = (res: { status: number; body: { error?: { json: { data: { code: string } } } } }) =>
  res.body.error?.json.data.code ?? String(res.status);

describe("a verified credential is remembered, its session read again on every request", () => {
  test("the second request is served from memory; a session deleted meanwhile is refused at once and forgotten", async () => {
    const { b, email, token, bearer } = await signedUp();
    const before = server.platform.verified.size;
    expect((await b.query("me.get", undefined, bearer)).body.result!.data.json.email).toBe(email);
    expect(server.platform.verified.size).toBe(before + 1);
    expect((await b.query("me.get", undefined, bearer)).body.result!.data.json.email).toBe(email);
    expect(server.platform.verified.size).toBe(before + 1);

    // Revoked elsewhere (another server, the command line, a database tool): no notice reaches this one.
    const raw = decodeURIComponent(token).split(".")[0]!;
    await sql()`delete from session where token = ${raw}`;
    expect(code(await b.query("me.get", undefined, bearer))).toBe("UNAUTHORIZED");
    expect(server.platform.verified.size).toBe(before);
  });

  test("sign-out, expiry and a ban count from the next request, for bearer tokens and cookies alike", async () => {
    for (let i = 0; i < 10; i++) {
      const { b, bearer } = await signedUp();
      const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      expect((await b.query("me.get", undefined, bearer)).status).toBe(200);
      expect((await b.post("/api/auth/sign-out", {}, bearer)).status).toBe(200);
      expect(code(await b.query("me.get", undefined, bearer))).toBe("UNAUTHORIZED");
      // The cookie named the same session (the sign-in's): gone too.
      expect(code(await browser(base).query("me.get", undefined, { cookie }))).toBe("UNAUTHORIZED");
    }
    const expiring = await signedUp();
    expect((await expiring.b.query("me.get", undefined, expiring.bearer)).status).toBe(200);
    await sql()`update session set expires_at = now() - interval '1 second' where user_id = ${expiring.id}`;
    expect(code(await expiring.b.query("me.get", undefined, expiring.bearer))).toBe("UNAUTHORIZED");

    const banned = await signedUp();
    expect((await banned.b.query("me.get", undefined, banned.bearer)).status).toBe(200);
    await sql()`update "user" set banned = true where id = ${banned.id}`;
    // Refused from memory, then (forgotten) by better-auth's answer too: not let in every other time.
    for (let i = 0; i < 3; i++) expect(code(await banned.b.query("me.get", undefined, banned.bearer))).toBe("UNAUTHORIZED");
    // A ban that has run out lets the session back in, from better-auth's answer and then from memory.
    await sql()`update "user" set ban_expires = now() - interval '1 second' where id = ${banned.id}`;
    const size = server.platform.verified.size;
    expect((await banned.b.query("me.get", undefined, banned.bearer)).status).toBe(200);
    expect(server.platform.verified.size).toBe(size + 1);
    expect((await banned.b.query("me.get", undefined, banned.bearer)).status).toBe(200);
    expect(server.platform.verified.size).toBe(size + 1);
  });

  test("a role changed in the database counts from the next request (a demoted admin), both ways", async () => {
    const admin = await signedUp("admin");
    const users = () => admin.b.query("admin.users", {}, admin.bearer);
    expect((await users()).status).toBe(200);
    expect((await users()).status).toBe(200);
    await sql()`update "user" set role = 'student' where id = ${admin.id}`;
    expect(code(await users())).toBe("FORBIDDEN");
    await sql()`update "user" set role = 'admin' where id = ${admin.id}`;
    expect((await users()).status).toBe(200);
  });

  test("one session sent in many spellings costs a small key each; an oversized credential is not remembered", async () => {
    const { b, token } = await signedUp();
    const before = server.platform.verified.size;
    // The bearer plugin reads the scheme in any case and percent-escapes in the token: each is another credential string.
    const spellings = ["Bearer", "bearer", "BEARER", "bEaReR"].map((scheme) => `${scheme} ${token}`);
    for (const authorization of spellings) expect((await b.query("me.get", undefined, { authorization })).status).toBe(200);
    expect(server.platform.verified.size).toBe(before + spellings.length);
    const padded = `Bearer ${" ".repeat(4000)}${token}`;
    expect((await b.query("me.get", undefined, { authorization: padded })).status).toBe(200);
    expect(server.platform.verified.size).toBe(before + spellings.length);
  });

  test("only a credential better-auth accepted is remembered; one that differs by a character is not the same", async () => {
    const { b, token, bearer } = await signedUp();
    expect((await b.query("me.get", undefined, bearer)).status).toBe(200);
    const before = server.platform.verified.size;
    const last = token.at(-1) === "A" ? "B" : "A";
    for (const forged of [`${token.slice(0, -1)}${last}`, `${token}x`, token.slice(0, -1), "forged-token"])
      expect(code(await b.query("me.get", undefined, { authorization: `Bearer ${forged}` }))).toBe("UNAUTHORIZED");
    expect(server.platform.verified.size).toBe(before);
  });
});
