import http from "node:http";
import { maxLimits } from "@codeclass/sandbox";
import { runRequestLimits } from "@codeclass/validators";
import { describe, expect, test } from "vitest";
import { browser, useServer } from "./helpers.ts";

// Issue 9: what an outside review found in the API (items 4, 8 and 10), each refused at its root.
const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;

let seq = 0;
/** A signed-up user with a verified address and the given global role, signed in with a cookie. */
async function member(role: "student" | "instructor" = "student") {
  const b = browser(base);
  const email = `h${Date.now()}${seq++}@school.test`;
  const res = await b.post("/api/auth/sign-up/email", { name: "Member", email, password: "a-long-password" });
  expect(res.status).toBe(200);
  await server.platform.db.$client`update "user" set role = ${role}, email_verified = true where email = ${email}`;
  return Object.assign(b, { email });
}

async function courseWithStudent() {
  const teacher = await member("instructor");
  const course = (await teacher.mutate("course.create", { code: `H-${Date.now().toString(36)}${seq++}`, title: "Hardening" })).body.result!
    .data.json as { id: string };
  const student = await member();
  expect((await teacher.mutate("enrollment.add", { courseId: course.id, email: student.email })).status).toBe(200);
  return { teacher, student, courseId: course.id };
}

/** A raw request: the path exactly as given, the body in chunks without a length when `chunks` is given. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; chunks?: { size: number; count: number } } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(base());
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on("error", (e) => reject(new Error(`${path}: ${e.message}`)));
    if (options.chunks) {
      const chunk = Buffer.alloc(options.chunks.size, "a");
      let sent = 0;
      const pump = () => {
        while (sent < options.chunks!.count) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      // The server may answer and close before the whole body is sent: that is the point.
      req.on("error", () => {});
      pump();
    } else req.end(options.body);
  });
}

describe("request bodies and batches are bounded before they are parsed (item 4)", () => {
  test("auth and tRPC bodies over their route's limit get 413 naming the limit; the server keeps answering", async () => {
    const signIn = await raw("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.c", password: "x".repeat(100_000) }),
    });
    expect(signIn.status).toBe(413);

    const b = await member("instructor");
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    // Announced by Content-Length: refused before a byte of it is read.
    const big = await raw("/trpc/course.create", {
      method: "POST",
      headers: { cookie, origin: base(), "content-type": "application/json", "content-length": String(2 * 1024 * 1024) },
      chunks: { size: 1024 * 1024, count: 2 },
    });
    expect(big.status).toBe(413);
    expect((JSON.parse(big.body) as { error: { json: { message: string } } }).error.json.message).toMatch(
      /too large: the limit is 1024 KiB/,
    );

    // No Content-Length: refused before reading, since the limit could only be checked by reading.
    const streamed = await raw("/trpc/course.create", {
      method: "POST",
      headers: { cookie, origin: base(), "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks: { size: 64 * 1024, count: 4 },
    });
    expect(streamed.status).toBe(411);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });

  test("run.start caps the files' total at the sandbox's maximum, in the schema", async () => {
    const { student, courseId } = await courseWithStudent();
    const half = "#".repeat(1.5 * 1024 * 1024);
    const res = await student.mutate("run.start", {
      courseId,
      language: "python",
      files: [
        { path: "main.py", content: half },
        { path: "b.py", content: half },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error!.json.message).toMatch(/files: the files hold more than 2 MiB in all; the limit is 2 MiB/);
    const stdin = await student.mutate("run.start", {
      courseId,
      language: "python",
      files: [{ path: "main.py", content: "" }],
      stdin: "x".repeat(9 * 1024 * 1024),
    });
    expect(stdin.status).toBe(400);
    expect(stdin.body.error!.json.message).toMatch(/stdin is larger than 8 MiB/);
  });

  test("the request limits are the sandbox's own maxima", () => {
    expect(runRequestLimits).toEqual({ files: maxLimits.files, sourceBytes: maxLimits.sourceBytes, stdinBytes: maxLimits.stdinBytes });
  });

  test("a batch of 700 calls is refused at once; a batch within the cap is served", async () => {
    const b = await member();
    const calls = Array.from({ length: 700 }, () => "run.cancel").join(",");
    const inputs = Object.fromEntries(
      Array.from({ length: 700 }, (_, i) => [i, { json: { runId: "00000000-0000-4000-8000-000000000000" } }]),
    );
    const res = await b.post(`/trpc/${calls}?batch=1`, inputs);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string } } }[];
    expect(body[0]!.error.json.message).toMatch(/at most 20 calls; this one has 700/);
    const ok = await b.get(
      `/trpc/me.get,me.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: null } }))}`,
    );
    expect(ok.status).toBe(200);
  });
});

describe("the session cookie works only from the platform's own pages (items 8 and 10)", () => {
  test("a cookie-carrying mutation from another origin, or a cross-site fetch without Origin, is refused and changes nothing", async () => {
    const b = await member("instructor");
    const evil = await b.mutate("course.create", { code: "EVIL-1", title: "From elsewhere" }, { origin: "http://localhost:9" });
    expect(evil.status).toBe(403);
    expect(evil.body.error!.json.message).toMatch(/another site/);
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const noOrigin = await raw("/trpc/course.create", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ json: { code: "EVIL-2", title: "From elsewhere" } }),
    });
    expect(noOrigin.status).toBe(403);
    const mine = (await b.query("course.listMine")).body.result!.data.json as { code: string }[];
    expect(mine.map((c) => c.code)).not.toContain("EVIL-1");
    expect(mine.map((c) => c.code)).not.toContain("EVIL-2");
    // The platform's own page, under either loopback spelling of its origin.
    const twin = base().replace("localhost", "127.0.0.1");
    expect((await b.mutate("course.create", { code: `OWN-${seq++}`, title: "Mine" }, { origin: twin })).status).toBe(200);
  });

  test("a bearer token that does not verify is refused instead of falling back to the cookie", async () => {
    const b = await member();
    for (const token of [" ", "x.y", "not-a-token"]) {
      const me = await b.query("me.get", undefined, { authorization: `Bearer ${token}` });
      expect(me.body.error?.json.data.code, `token ${JSON.stringify(token)}`).toBe("UNAUTHORIZED");
    }
    expect((await b.query("me.get")).status).toBe(200);
  });

  test("sign-up works from http://127.0.0.1 and http://[::1] when the public URL is http://localhost; another origin is refused", async () => {
    const port = new URL(base()).port;
    // A browser sends whatever cookies it holds for that host; with any cookie, better-auth checks the origin.
    for (const origin of [`http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
      const b = browser(base);
      const res = await b.post(
        "/api/auth/sign-up/email",
        { name: "Loopback", email: `loop${seq++}${Date.now()}@school.test`, password: "a-long-password" },
        { origin, cookie: "theme=dark" },
      );
      expect(res.status, origin).toBe(200);
    }
    const other = browser(base);
    const refused = await other.post(
      "/api/auth/sign-up/email",
      { name: "Other", email: `other${Date.now()}@school.test`, password: "a-long-password" },
      { origin: "http://localhost:1", cookie: "theme=dark" },
    );
    expect(refused.status).toBe(403);
  });
});

describe("responses and operations (item 8)", () => {
  test("every response carries CSP with frame-ancestors, nosniff and no framing", async () => {
    for (const path of ["/healthz", "/trpc/system.config", "/api/auth/get-session"]) {
      const res = await fetch(base() + path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  test("/metrics answers the machine itself, not a client through a proxy", async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(200);
    expect((await fetch(`${base()}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
  });

  test("an archived course refuses scratch runs and template changes", async () => {
    const { teacher, student, courseId } = await courseWithStudent();
    const demo = (await teacher.query("workspace.getOrCreateDemo", { courseId })).body.result!.data.json as { id: string };
    expect((await teacher.mutate("course.archive", { courseId })).status).toBe(200);
    const run = await student.mutate("run.start", { courseId, language: "python", files: [{ path: "main.py", content: "print(1)" }] });
    expect(run.status).toBe(403);
    expect(run.body.error!.json.message).toMatch(/archived/);
    const template = await teacher.mutate("workspace.setTemplate", { courseId, workspaceId: demo.id });
    expect(template.status).toBe(403);
    expect(template.body.error!.json.message).toMatch(/archived/);
  });

  test("a run's stored input stops at its stdin limit, with the limit named", async () => {
    const { student, courseId } = await courseWithStudent();
    const limit = 1024 * 1024; // the default stdinBytes
    const started = await student.mutate("run.start", {
      courseId,
      language: "python",
      files: [{ path: "main.py", content: "import time\ntime.sleep(30)" }],
      stdin: "s".repeat(limit - 65_536 - 10),
    });
    expect(started.status).toBe(200);
    const runId = started.body.result!.data.json.runId as string;
    try {
      expect((await student.mutate("run.input", { runId, data: "i".repeat(65_536) })).status).toBe(200);
      const over = await student.mutate("run.input", { runId, data: "x".repeat(11) });
      expect(over.status).toBe(409);
      expect(over.body.error!.json.message).toMatch(new RegExp(`the limit is ${limit} bytes`));
      expect((await student.mutate("run.input", { runId, data: "y".repeat(10) })).status).toBe(200);
      const [stored] = await server.platform.db.$client<{ bytes: number }[]>`
        select sum(octet_length(data))::int as bytes from run_inputs where run_id = ${runId}`;
      expect(stored!.bytes).toBe(65_536 + 10);
    } finally {
      await student.mutate("run.cancel", { runId });
    }
  });
});
