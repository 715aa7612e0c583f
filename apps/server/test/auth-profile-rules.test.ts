import { describe, expect, test } from "vitest";
import { browser, useServer } from "./helpers.ts";

const server = useServer();
const base = () => server.url;
let n = 0;
const newEmail = () => `profile${Date.now().toString(36)}${n++}@example.org`;

async function refusal(res: Response) {
  expect(res.status).toBe(400);
  return ((await res.json()) as { message: string }).message;
}

describe("better-auth's own endpoints keep the app's profile rules", () => {
  test("sign-up refuses a 10,000-character name, a NUL, a line break and a 300-character email with a 400 naming the field", async () => {
    const b = browser(base);
    const sign = (name: string, email = newEmail()) => b.post("/api/auth/sign-up/email", { name, email, password: "long enough pw" });
    expect(await refusal(await sign("x".repeat(10_000)))).toMatch(/name is too long: the limit is 100 characters/);
    expect(await refusal(await sign("Ada\u0000Lovelace"))).toMatch(/name may not contain/);
    expect(await refusal(await sign("Ada\nLovelace"))).toMatch(/name may not contain control characters/);
    expect(await refusal(await sign("Ada", `${"a".repeat(300)}@example.org`))).toMatch(/email is too long: the limit is 254 characters/);
    const [row] = await server.platform.db.$client`select count(*)::int as n from "user" where length(name) > 100 or name like ${"%\n%"}`;
    expect(row!.n).toBe(0);
    expect((await sign("Ada Lovelace")).status).toBe(200);
  });

  test("update-user refuses the same names; a fitting name is saved", async () => {
    const b = browser(base);
    expect((await b.post("/api/auth/sign-up/email", { name: "Grace", email: newEmail(), password: "long enough pw" })).status).toBe(200);
    expect(await refusal(await b.post("/api/auth/update-user", { name: "y".repeat(10_000) }))).toMatch(
      /name is too long: the limit is 100 characters/,
    );
    expect(await refusal(await b.post("/api/auth/update-user", { name: "Grace\u0000" }))).toMatch(/name may not contain/);
    expect(await refusal(await b.post("/api/auth/update-user", { name: "   " }))).toMatch(/name is required/);
    expect((await b.post("/api/auth/update-user", { name: "Grace Hopper" })).status).toBe(200);
    expect((await b.query("me.get")).body.result!.data.json.name).toBe("Grace Hopper");
    // A picture comes only through the avatar upload, never as a URL anyone's browser would load.
    expect(await refusal(await b.post("/api/auth/update-user", { image: "https://tracker.example/pixel.png" }))).toMatch(
      /image: upload a picture on the profile page/,
    );
    expect(await refusal(await b.post("/api/auth/update-user", { name: "Grace", image: "http://127.0.0.1:9/x" }))).toMatch(/^image:/);
    const [pic] = await server.platform.db.$client`select name, image from "user" where name like 'Grace%'`;
    expect(pic).toEqual({ name: "Grace Hopper", image: null });
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });

  test("the admin plugin's create-user, update-user, password and session endpoints are off: an admin cannot read another account's sessions or change it past the app's rules", async () => {
    const adminEmail = newEmail();
    const admin = browser(base);
    expect((await admin.post("/api/auth/sign-up/email", { name: "Admin", email: adminEmail, password: "long enough pw" })).status).toBe(
      200,
    );
    await server.platform.db.$client`update "user" set role = 'admin' where email = ${adminEmail}`;
    const victimEmail = newEmail();
    expect(
      (await browser(base).post("/api/auth/sign-up/email", { name: "Victim", email: victimEmail, password: "long enough pw" })).status,
    ).toBe(200);
    const [victim] = await server.platform.db.$client`select id from "user" where email = ${victimEmail}`;
    const created = newEmail();
    const calls: [string, object][] = [
      ["create-user", { name: "Made", email: created, password: "long enough pw", role: "admin" }],
      ["update-user", { userId: victim!.id, data: { name: "Changed", email: newEmail() } }],
      ["set-user-password", { userId: victim!.id, newPassword: "taken over pw" }],
      ["list-user-sessions", { userId: victim!.id }],
      ["revoke-user-sessions", { userId: victim!.id }],
    ];
    for (const [path, body] of calls) expect((await admin.post(`/api/auth/admin/${path}`, body)).status, path).toBe(404);
    expect(await server.platform.db.$client`select count(*)::int as n from "user" where email = ${created}`).toEqual([{ n: 0 }]);
    const [row] = await server.platform.db.$client`select name, email from "user" where id = ${victim!.id}`;
    expect(row).toEqual({ name: "Victim", email: victimEmail });
    // The victim's password still works, and their session was not revoked.
    expect((await browser(base).post("/api/auth/sign-in/email", { email: victimEmail, password: "long enough pw" })).status).toBe(200);
    expect(await server.platform.db.$client`select count(*)::int as n from session where user_id = ${victim!.id}`).toEqual([{ n: 2 }]);
  });
});
