import { apiKey } from "@codeclass/services";
import { makeCourse, makeUser } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { useServer } from "./helpers.ts";

// Requests as Judge0 CE 1.13's documentation writes them (ce.judge0.com), against the real server,
// database, worker and sandbox (bubblewrap). The expected answers are Judge0's.
const server = useServer({ SEED_DEMO: "false", SANDBOX_DRIVER: "bwrap" });
let key = "";
let keyId = "";
let courseId = "";
let adminId = "";

beforeAll(async () => {
  const db = server.platform.db;
  const admin = await makeUser(db, { role: "admin" });
  const course = await makeCourse(db, admin);
  adminId = admin.id;
  courseId = course.id;
  const made = await apiKey.create(db, { id: admin.id, role: "admin" }, { name: "judge0 tests", courseId, requestsPerMinute: 1000 });
  key = made.key;
  keyId = made.id;
});

async function j0(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = init.token === undefined ? key : init.token;
  if (token) headers["x-auth-token"] = token;
  const res = await fetch(`${server.url}/judge0${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("submissions with wait=true", () => {
  test("Python hello world is Accepted, with Judge0's default fields", async () => {
    const res = await j0("/submissions?wait=true", { body: { source_code: 'print("hello, world")', language_id: 71 } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["compile_output", "memory", "message", "status", "stderr", "stdout", "time", "token"]);
    expect(res.body).toMatchObject({
      stdout: "hello, world\n",
      stderr: null,
      compile_output: null,
      message: null,
      status: { id: 3, description: "Accepted" },
    });
    expect(res.body.time).toMatch(/^\d+\.\d{3}$/);
    expect(res.body.memory).toEqual(expect.any(Number));
    // An ordinary run of the key's creator in the key's course: it shows in monitoring and the run lists.
    const [run] = await server.platform.db.$client`select user_id, course_id, interactive, verdict from runs where id = ${res.body.token}`;
    expect(run).toEqual({ user_id: adminId, course_id: courseId, interactive: false, verdict: "OK" });
  });

  test("expected_output is compared by Judge0's rule: trailing spaces and newlines ignored, anything else a Wrong Answer", async () => {
    const program = { source_code: "print('1 2 ')\nprint('3')\nprint()", language_id: 71 };
    const ok = await j0("/submissions?wait=true", { body: { ...program, expected_output: "1 2\n3" } });
    expect(ok.body.status).toEqual({ id: 3, description: "Accepted" });
    const wrong = await j0("/submissions?wait=true&fields=status,stdout,expected_output", {
      body: { ...program, expected_output: "1 2 3" },
    });
    expect(wrong.body).toEqual({ status: { id: 4, description: "Wrong Answer" }, stdout: "1 2 \n3\n\n", expected_output: "1 2 3" });
  });

  test("stdin is the program's input and is closed after it; command_line_arguments reach argv", async () => {
    const res = await j0("/submissions?wait=true&fields=stdout,status_id", {
      body: {
        source_code: "import sys\nprint(sys.stdin.read().upper(), sys.argv[1:])",
        language_id: 71,
        stdin: "abc",
        command_line_arguments: 'x "y z"',
      },
    });
    expect(res.body).toEqual({ stdout: "ABC ['x', 'y z']\n", status_id: 3 });
  });

  test("C that does not compile is a Compilation Error with the compiler's output, and no time or memory", async () => {
    const res = await j0("/submissions?wait=true", { body: { source_code: "int main( { return 0 }", language_id: 50 } });
    expect(res.body.status).toEqual({ id: 6, description: "Compilation Error" });
    expect(res.body.compile_output).toMatch(/error/);
    expect(res.body).toMatchObject({ stdout: null, time: null, memory: null });
  });

  test("a program over cpu_time_limit is Time Limit Exceeded; a non-zero exit is NZEC; SIGSEGV is 7", async () => {
    const slow = await j0("/submissions?wait=true", { body: { source_code: "while True: pass", language_id: 71, cpu_time_limit: 0.5 } });
    expect(slow.body.status).toEqual({ id: 5, description: "Time Limit Exceeded" });
    expect(slow.body.message).toMatch(/time limit/i);
    const exit = await j0("/submissions?wait=true&fields=status,exit_code,stderr", {
      body: { source_code: "import sys\nprint('bad', file=sys.stderr)\nsys.exit(3)", language_id: 71 },
    });
    expect(exit.body).toEqual({ status: { id: 11, description: "Runtime Error (NZEC)" }, exit_code: 3, stderr: "bad\n" });
    const segv = await j0("/submissions?wait=true&fields=status,exit_signal", {
      body: { source_code: "int main(void) { return *(volatile int *)0; }", language_id: 50 },
    });
    expect(segv.body).toEqual({ status: { id: 7, description: "Runtime Error (SIGSEGV)" }, exit_signal: 11 });
  });

  test("redirect_stderr_to_stdout folds stderr into stdout", async () => {
    const res = await j0("/submissions?wait=true&fields=stdout,stderr", {
      body: {
        source_code: "import sys\nprint('out', flush=True)\nprint('err', file=sys.stderr)",
        language_id: 71,
        redirect_stderr_to_stdout: true,
      },
    });
    expect(res.body).toEqual({ stdout: "out\nerr\n", stderr: null });
  });

  test("base64_encoded=true decodes the request's text and encodes the answer's", async () => {
    const res = await j0("/submissions?wait=true&base64_encoded=true&fields=stdout,source_code,status", {
      body: { source_code: b64("print(input() + '!')"), stdin: b64("héllo"), expected_output: b64("héllo!\n"), language_id: 71 },
    });
    expect(res.body).toEqual({
      stdout: b64("héllo!\n"),
      source_code: b64("print(input() + '!')"),
      status: { id: 3, description: "Accepted" },
    });
  });
});

describe("submissions without wait, and batches", () => {
  test("POST answers a token; GET /submissions/{token} follows it to its end, with fields filtering", async () => {
    const res = await j0("/submissions", { body: { source_code: "console.log(6 * 7)", language_id: 63 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    let answer: { status: number; body: any } = { status: 0, body: null };
    for (let i = 0; i < 200; i++) {
      answer = await j0(`/submissions/${res.body.token}?fields=stdout,status_id,language_id,token`);
      if (answer.body.status_id > 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ stdout: "42\n", status_id: 3, language_id: 63, token: res.body.token });
    expect((await j0(`/submissions/${res.body.token}?fields=*`)).body).toMatchObject({
      source_code: "console.log(6 * 7)",
      language: { id: 63 },
    });
  });

  test("a batch answers a token per submission (or its errors), and GET batch answers them in order", async () => {
    const res = await j0("/submissions/batch", {
      body: {
        submissions: [{ source_code: "print(1)", language_id: 71 }, { language_id: 71 }, { source_code: "print(2)", language_id: 71 }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([{ token: expect.any(String) }, { source_code: ["can't be blank"] }, { token: expect.any(String) }]);
    const tokens = [res.body[0].token, res.body[2].token];
    let got: any = null;
    for (let i = 0; i < 200; i++) {
      got = (await j0(`/submissions/batch?tokens=${tokens.join(",")},00000000-0000-0000-0000-000000000000&fields=stdout,status_id`)).body;
      if (got.submissions.slice(0, 2).every((s: { status_id: number }) => s.status_id > 2)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toEqual({ submissions: [{ stdout: "1\n", status_id: 3 }, { stdout: "2\n", status_id: 3 }, null] });
  });

  test("an empty or oversized batch is refused as Judge0 refuses it", async () => {
    expect(await j0("/submissions/batch", { body: { submissions: [] } })).toMatchObject({
      status: 400,
      body: { error: "there should be at least one submission in a batch" },
    });
    const many = Array.from({ length: 21 }, () => ({ source_code: "print(1)", language_id: 71 }));
    expect(await j0("/submissions/batch", { body: { submissions: many } })).toMatchObject({
      status: 400,
      body: { error: "number of submissions in a batch should be less than or equal to 20" },
    });
  });
});

describe("validation: 422 naming the field, as Judge0's model validations do", () => {
  test("missing source and unknown language", async () => {
    expect(await j0("/submissions", { body: { language_id: 9999 } })).toEqual({
      status: 422,
      headers: expect.anything(),
      body: { source_code: ["can't be blank"], language_id: ["language with id 9999 doesn't exist"] },
    });
  });

  test("limits over ours are refused with the maximum; options we do not offer are refused; nothing is queued", async () => {
    const count = async () => (await server.platform.db.$client`select count(*)::int as n from runs`)[0]!.n;
    const before = await count();
    const res = await j0("/submissions", {
      body: {
        source_code: "print(1)",
        language_id: 71,
        cpu_time_limit: 31,
        memory_limit: 1,
        wall_time_limit: "x",
        enable_network: true,
        callback_url: "http://x",
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      cpu_time_limit: ["must be less than or equal to 30.0"],
      memory_limit: ["must be greater than or equal to 2048"],
      wall_time_limit: ["is not a number"],
      enable_network: ["enabling network is not allowed"],
      callback_url: ["setting callback is not allowed"],
    });
    expect(await count()).toBe(before);
  });

  test("unknown fields are a 400, unknown tokens a 404", async () => {
    expect(await j0("/submissions/00000000-0000-0000-0000-000000000000?fields=stdout,bogus")).toMatchObject({
      status: 400,
      body: { error: "invalid fields: [bogus]" },
    });
    expect((await j0("/submissions/00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });
});

describe("languages, statuses, about, workers", () => {
  test("Judge0's ids for our seven languages", async () => {
    const res = await j0("/languages");
    expect(res.body.map((l: { id: number }) => l.id).sort((a: number, b: number) => a - b)).toEqual([50, 54, 60, 62, 63, 71, 74]);
    expect((await j0("/languages/71")).body).toMatchObject({
      id: 71,
      name: expect.stringMatching(/^Python/),
      source_file: "script.py",
      is_archived: false,
    });
    expect((await j0("/languages/62")).body).toMatchObject({ source_file: "Main.java", compile_cmd: expect.stringContaining("javac") });
    expect((await j0("/languages/1")).status).toBe(404);
  });

  test("statuses 1 to 14 with Judge0's descriptions; about, system_info and workers answer", async () => {
    const statuses = (await j0("/statuses")).body;
    expect(statuses).toHaveLength(14);
    expect(statuses[3]).toEqual({ id: 4, description: "Wrong Answer" });
    expect(statuses[10]).toEqual({ id: 11, description: "Runtime Error (NZEC)" });
    expect((await j0("/about")).body).toMatchObject({ version: expect.stringMatching(/^1\.13\./) });
    expect((await j0("/system_info")).body).toMatchObject({ "CPU(s)": expect.any(String) });
    const workers = (await j0("/workers")).body;
    expect(workers.map((w: { queue: string }) => w.queue)).toEqual(["c", "cpp", "python", "java", "go", "javascript", "typescript"]);
    expect(workers[2]).toMatchObject({ size: expect.any(Number), working: expect.any(Number) });
  });
});

describe("API keys", () => {
  test("no key is 401, an unknown key 401, a revoked key 403", async () => {
    expect((await j0("/languages", { token: null })).status).toBe(401);
    expect((await j0("/languages", { token: "cc_j0_not-a-key" })).status).toBe(401);
    const db = server.platform.db;
    const other = await apiKey.create(db, { id: adminId, role: "admin" }, { name: "to revoke", courseId });
    expect((await j0("/languages", { token: other.key })).status).toBe(200);
    await apiKey.revoke(db, { id: adminId, role: "admin" }, { keyId: other.id });
    const refused = await j0("/submissions", { token: other.key, body: { source_code: "print(1)", language_id: 71 } });
    expect(refused).toMatchObject({ status: 403, body: { error: "this API key was revoked" } });
    // The stored key is its hash only.
    expect(await db.$client`select count(*)::int as n from api_keys where key_hash = ${other.key}`).toEqual([{ n: 0 }]);
    expect(keyId).not.toBe(other.id);
  });

  test("each key has its own rate: past it, 429 with Retry-After, while another key goes on", async () => {
    const db = server.platform.db;
    const slow = await apiKey.create(db, { id: adminId, role: "admin" }, { name: "slow", courseId, requestsPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await j0("/statuses", { token: slow.key })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await j0("/statuses", { token: slow.key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.body.error).toMatch(/3 a minute/);
    expect((await j0("/statuses")).status).toBe(200);
  });

  test("a batch costs one request per submission: a batch larger than the key's rate is refused, not charged less", async () => {
    const db = server.platform.db;
    const slow = await apiKey.create(db, { id: adminId, role: "admin" }, { name: "slow batches", courseId, requestsPerMinute: 2 });
    const batch = (n: number) => ({ submissions: Array.from({ length: n }, () => ({ source_code: "print(1)", language_id: 71 })) });
    const big = await j0("/submissions/batch", { token: slow.key, body: batch(3) });
    expect(big).toMatchObject({
      status: 429,
      body: { error: "this key may make 2 submissions a minute: send at most 2 in a batch (this one has 3)" },
    });
    expect((await j0("/submissions/batch", { token: slow.key, body: batch(2) })).status).toBe(201);
    // The two submissions used the minute's two requests.
    expect((await j0("/submissions/batch", { token: slow.key, body: batch(1) })).status).toBe(429);
    expect((await j0("/statuses", { token: slow.key })).status).toBe(429);
  });

  test("a token is read only with the key that made it: another key of the same or another course gets 404", async () => {
    const db = server.platform.db;
    const mine = await j0("/submissions?wait=true", { body: { source_code: "print('secret')", language_id: 71, stdin: "hidden input" } });
    expect(mine).toMatchObject({ status: 201, body: { stdout: "secret\n" } });
    const token = mine.body.token as string;
    const sameCourse = await apiKey.create(db, { id: adminId, role: "admin" }, { name: "another client", courseId });
    const otherCourse = await apiKey.create(
      db,
      { id: adminId, role: "admin" },
      { name: "another course", courseId: (await makeCourse(db, { id: adminId })).id },
    );
    for (const other of [sameCourse.key, otherCourse.key]) {
      expect(await j0(`/submissions/${token}?fields=*`, { token: other })).toMatchObject({
        status: 404,
        body: { error: "submission not found" },
      });
      expect((await j0(`/submissions/batch?tokens=${token}&fields=stdin,stdout`, { token: other })).body).toEqual({ submissions: [null] });
    }
    // Its own key still reads it.
    expect((await j0(`/submissions/${token}?fields=stdin,stdout`)).body).toEqual({ stdin: "hidden input", stdout: "secret\n" });
  });
});
