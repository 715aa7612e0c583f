import http from "node:http";
import { importLimits } from "@codeclass/validators";
import { describe, expect, test } from "vitest";
import { bodyLimits } from "../src/api-app.ts";
import { browser, useServer } from "./helpers.ts";

const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;

/** A signed-in admin (cookie session). */
async function admin() {
  const b = browser(base);
  const email = `limit-${Date.now().toString(36)}@school.test`;
  expect((await b.post("/api/auth/sign-up/email", { name: "Admin", email, password: "a-long-password" })).status).toBe(200);
  await server.platform.db.$client`update "user" set role = 'admin', email_verified = true where email = ${email}`;
  return b;
}

/** POSTs `body` with its Content-Length; the server may answer and close before all of it is sent. */
function post(path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  const url = new URL(base());
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": String(body.length) },
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    // An early answer cuts the upload short: that is the point, not a failure.
    req.on("error", (e) => (e.message.includes("EPIPE") || e.message.includes("ECONNRESET") ? undefined : reject(e)));
    req.end(body);
  });
}

describe("the bulk import's upload over HTTP", () => {
  test("a body over 24 MiB is refused with 413 naming the limit, before it is read; the server keeps answering", async () => {
    const b = await admin();
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const row = "someone@school.test,Some One,CS101\n";
    const csv = `email,name,course\n${row.repeat(Math.ceil((bodyLimits.import + 1024 * 1024) / row.length))}`;
    const body = Buffer.from(JSON.stringify({ json: { csv } }));
    expect(body.length).toBeGreaterThan(bodyLimits.import);
    const refused = await post("/trpc/admin.importUpload", { cookie, origin: base() }, body);
    expect(refused.status).toBe(413);
    const error = JSON.parse(refused.body) as { error: { json: { message: string; data: { code: string } } } };
    expect(error.error.json.data.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.error.json.message).toBe(`the request body is too large: the limit is ${bodyLimits.import / 1024} KiB`);
    expect(await server.platform.db.$client`select id from imports`).toEqual([]);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  }, 60_000);

  test("under the body limit, a file over the import's own 20 MiB is refused naming the field and the limit; a 2 MiB file is checked", async () => {
    const b = await admin();
    const row = "someone@school.test,Some One,CS101\n";
    const tooMany = `email,name,course\n${row.repeat(Math.ceil((importLimits.bytes + 1024) / row.length))}`;
    const big = await b.mutate("admin.importUpload", { csv: tooMany });
    expect(big.status).toBe(400);
    expect(big.body.error!.json.message).toBe("csv is larger than 20 MiB, the limit");

    // Larger than the 1 MiB of other calls: the import's route limit applies.
    const unique = Array.from({ length: 40_000 }, (_, i) => `p${i}-${Date.now().toString(36)}@school.test,Person ${i}`).join("\n");
    const file = `email,name\n${unique}\n`;
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const ok = await b.mutate("admin.importUpload", { csv: file });
    expect(ok.status).toBe(200);
    expect(ok.body.result!.data.json).toMatchObject({ problemCount: 0, summary: { kind: "users", rows: 40_000, users: { new: 40_000 } } });
  }, 60_000);
});
