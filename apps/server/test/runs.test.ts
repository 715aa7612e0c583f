import { sweepStuckRuns } from "@codeclass/worker";
import { stateFromContent } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import { browser, signUpVerified, useServer } from "./helpers.ts";

const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;

/** Signs up a student and enrolls them in a fresh course (through the real HTTP API). */
async function studentInCourse() {
  const teacher = browser(base);
  const email = `t${Date.now()}${Math.random().toString(36).slice(2, 6)}@school.test`;
  await signUpVerified(server, teacher, { name: "Teacher", email, password: "teach-me-please" });
  await server.platform.db.$client`update "user" set role = 'instructor' where email = ${email}`;
  const course = (
    await teacher.mutate("course.create", {
      code: `RUN-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`,
      title: "Runs",
    })
  ).body.result!.data.json;
  const student = browser(base);
  const studentEmail = `s${email}`;
  await signUpVerified(server, student, { name: "Student", email: studentEmail, password: "learn-all-day" });
  await teacher.mutate("enrollment.add", { courseId: course.id, email: studentEmail });
  return { student, teacher, courseId: course.id as string };
}

type Event = { id: string; data: { type: string; [k: string]: unknown } };

/** Reads run.events over real SSE; `onEvent` may act (type input) while the stream is open. */
async function follow(
  b: ReturnType<typeof browser>,
  runId: string,
  lastEventId?: string,
  onEvent?: (e: Event) => Promise<void> | void,
): Promise<Event[]> {
  const input = encodeURIComponent(JSON.stringify({ json: { runId, lastEventId } }));
  const res = await b.get(`/trpc/run.events?input=${input}`, { accept: "text/event-stream" });
  expect(res.status).toBe(200);
  const events: Event[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const id = block.match(/^id: ?(.*)$/m)?.[1];
      const data = block.match(/^data: ?(.*)$/m)?.[1];
      if (!id || !data) continue; // pings, connection messages
      const event = { id, data: (JSON.parse(data) as { json: Event["data"] }).json };
      events.push(event);
      await onEvent?.(event);
      if (event.data.type === "end") {
        await reader.cancel();
        return events;
      }
    }
  }
}

/** One message of a tRPC event stream: its SSE event name (none for data), id (tracked ones) and superjson's `json`. */
type Message = { event: string | undefined; id: string | undefined; data: any };

/** Opens a subscription over real SSE; `next()` gives its messages one by one (connection messages and pings left out). */
async function subscribe(b: ReturnType<typeof browser>, path: string, input: unknown) {
  const res = await b.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { accept: "text/event-stream" });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(timeoutMs = 20_000): Promise<Message | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = block.match(/^event: ?(.*)$/m)?.[1];
          const data = block.match(/^data: ?(.*)$/m)?.[1];
          if (!data || event === "connected" || event === "ping") continue;
          return { event, id: block.match(/^id: ?(.*)$/m)?.[1], data: (JSON.parse(data) as { json: unknown }).json };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no message on ${path} within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        const read = await Promise.race([
          reader.read(),
          new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left))),
        ]).finally(() => clearTimeout(timer));
        if (read === "timeout") continue;
        if (read.done) return null;
        buffer += read.value;
      }
    },
    close: () => reader.cancel(),
  };
}

/** A student workspace with a program in it (its stored state), through workspace.getOrCreate. */
async function studentWorkspace(student: ReturnType<typeof browser>, courseId: string, content: string) {
  const ws = (await student.query("workspace.getOrCreate", { courseId })).body.result!.data.json as { id: string };
  const state = stateFromContent({ files: [{ path: "main.py", content }], language: "python", entry: null });
  await server.platform.db.$client`update workspaces set state = ${Buffer.from(state!)} where id = ${ws.id}`;
  return ws.id;
}

const stdoutOf = (events: Event[]) =>
  events
    .filter((e) => e.data.type === "stdout")
    .map((e) => e.data.data)
    .join("");
const endOf = (events: Event[]) => events.find((e) => e.data.type === "end")!.data.result as { verdict: string; message: string };

describe("the run queue through the real server and worker", () => {
  test("an interactive program: output streams before the end, typed input reaches it, the verdict is recorded", async () => {
    const { student, courseId } = await studentInCourse();
    const started = await student.mutate("run.start", {
      courseId,
      language: "python",
      files: [{ path: "main.py", content: "name = input('name? ')\nprint(f'hi {name}')\n" }],
    });
    expect(started.status).toBe(200);
    const runId = started.body.result!.data.json.runId as string;
    let sawPromptBeforeEnd = false;
    const events = await follow(student, runId, undefined, async (e) => {
      if (e.data.type === "stdout" && String(e.data.data).includes("name? ") && !sawPromptBeforeEnd) {
        sawPromptBeforeEnd = true;
        expect((await student.mutate("run.input", { runId, data: "Ada\n" })).status).toBe(200);
      }
    });
    expect(sawPromptBeforeEnd).toBe(true);
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.data.type === "status").map((e) => e.data.status)).toEqual(["queued", "running"]);
    expect(stdoutOf(events)).toBe("name? hi Ada\n");
    expect(endOf(events)).toMatchObject({ verdict: "OK" });
    const list = (await student.query("run.listMine", { courseId })).body.result!.data.json;
    expect(list[0]).toMatchObject({ id: runId, verdict: "OK", status: "finished", language: "python" });

    // A reconnect from the last id it saw gets exactly what came after, nothing twice.
    const resumed = await follow(student, runId, String(events.length - 2));
    expect(resumed.map((e) => e.id)).toEqual(events.slice(-2).map((e) => e.id));
  });

  test("input typed at once by the student and the teacher all reaches the program", async () => {
    // Concurrent run.input calls commit in the order of their ids (a per-run lock), so the worker,
    // which reads the rows after the last one it delivered, can never skip one.
    const { student, teacher, courseId } = await studentInCourse();
    const runId = (
      await student.mutate("run.start", {
        courseId,
        language: "python",
        files: [
          {
            path: "main.py",
            content:
              "import sys\nprint('ready', flush=True)\ndata = sys.stdin.read()\nprint(len(data), data.count('s'), data.count('t'))\n",
          },
        ],
      })
    ).body.result!.data.json.runId as string;
    const events = await follow(student, runId, undefined, async (e) => {
      if (e.data.type !== "stdout" || !String(e.data.data).includes("ready")) return;
      const sends = Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? teacher : student).mutate("run.input", { runId, data: i % 2 ? "t" : "s" }),
      );
      expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(30).fill(200));
      expect((await student.mutate("run.input", { runId, data: "", eof: true })).status).toBe(200);
    });
    expect(stdoutOf(events)).toBe("ready\n30 15 15\n");
  });

  test("EOF, cancel, and a finished run refuses input", async () => {
    const { student, courseId } = await studentInCourse();
    const eof = (
      await student.mutate("run.start", {
        courseId,
        language: "python",
        files: [{ path: "main.py", content: "import sys\nprint(len(sys.stdin.read()))" }],
      })
    ).body.result!.data.json.runId;
    await student.mutate("run.input", { runId: eof, data: "abc" });
    await student.mutate("run.input", { runId: eof, data: "", eof: true });
    const eofEvents = await follow(student, eof);
    expect(stdoutOf(eofEvents)).toBe("3\n");
    const late = await student.mutate("run.input", { runId: eof, data: "more" });
    expect(late.status).toBe(409);
    expect(late.body.error!.json.message).toContain("has ended");

    const sleeper = (
      await student.mutate("run.start", {
        courseId,
        language: "python",
        files: [{ path: "main.py", content: "import time\nprint('up', flush=True)\ntime.sleep(600)" }],
      })
    ).body.result!.data.json.runId;
    const events = await follow(student, sleeper, undefined, async (e) => {
      if (e.data.type === "stdout") await student.mutate("run.cancel", { runId: sleeper });
    });
    expect(endOf(events)).toMatchObject({
      verdict: "STOPPED",
      message: expect.stringMatching(/^Stopped by the user( before it started)?$/),
    });
  });

  test("past the per-user cap: a clear 'busy, try again' error, and no run is queued", async () => {
    const { student, courseId } = await studentInCourse();
    const sleep = { courseId, language: "python", files: [{ path: "main.py", content: "import time\ntime.sleep(600)" }] };
    const a = (await student.mutate("run.start", sleep)).body.result!.data.json.runId;
    const b = (await student.mutate("run.start", sleep)).body.result!.data.json.runId;
    const third = await student.mutate("run.start", sleep);
    expect(third.status).toBe(429);
    expect(third.body.error!.json.message).toMatch(/^busy: .*try again/);
    expect((await student.query("run.listMine", { courseId })).body.result!.data.json).toHaveLength(2);
    for (const id of [a, b]) await student.mutate("run.cancel", { runId: id });
    for (const id of [a, b])
      expect(endOf(await follow(student, id))).toMatchObject({
        verdict: "STOPPED",
        message: expect.stringMatching(/^Stopped by the user( before it started)?$/),
      });
  });

  test("another student cannot watch, type into or stop someone's run; bad programs are refused before queueing", async () => {
    const { student, teacher, courseId } = await studentInCourse();
    const runId = (await student.mutate("run.start", { courseId, language: "python", files: [{ path: "main.py", content: "print(1)" }] }))
      .body.result!.data.json.runId;
    const other = browser(base);
    const email = `o${Date.now()}@school.test`;
    await signUpVerified(server, other, { name: "Other", email, password: "other-person-1" });
    await teacher.mutate("enrollment.add", { courseId, email });
    expect((await other.mutate("run.input", { runId, data: "x" })).status).toBe(403);
    expect((await other.mutate("run.cancel", { runId })).status).toBe(403);
    // SSE answers 200 at once; the refusal arrives in the stream as a "serialized-error" event.
    const watch = await other.get(`/trpc/run.events?input=${encodeURIComponent(JSON.stringify({ json: { runId } }))}`, {
      accept: "text/event-stream",
    });
    const body = await watch.text();
    expect(body).toMatch(/event: serialized-error\ndata: .*"code":"FORBIDDEN"/);
    expect(body).not.toContain('"type":"status"');
    // The course's instructor may watch it.
    expect(endOf(await follow(teacher, runId)).verdict).toBe("OK");

    const bad = await student.mutate("run.start", {
      courseId,
      language: "python",
      files: [{ path: "../etc/passwd.py", content: "print(1)" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.json.message).toContain('may not contain empty, "." or ".." parts');
  });

  test("per-run limits: applied when within the maxima, refused with the limit named when over", async () => {
    const { student, courseId } = await studentInCourse();
    const spin = { courseId, language: "python", files: [{ path: "main.py", content: "while True: pass" }] };
    const over = await student.mutate("run.start", { ...spin, limits: { cpuMs: 3_600_000 } });
    expect(over.status).toBe(400);
    expect(over.body.error!.json.message).toContain("limits.cpuMs is over the maximum of 30000");
    const unknown = await student.mutate("run.start", { ...spin, limits: { gpus: 1 } });
    expect(unknown.status).toBe(400);
    const runId = (await student.mutate("run.start", { ...spin, limits: { cpuMs: 1000 } })).body.result!.data.json.runId;
    expect(endOf(await follow(student, runId))).toMatchObject({
      verdict: "TIME_LIMIT",
      // The measured CPU time (over the limit) beside the limit: the sandbox reports the figure it enforced.
      message: expect.stringMatching(/^Time limit exceeded: \d+\.\d\d s of CPU time; the limit is 1 s$/),
    });
  });

  test("a run whose worker died ends as INTERNAL_ERROR instead of staying 'running'", async () => {
    const { student, courseId } = await studentInCourse();
    const sql = server.platform.db.$client;
    // A run that a (now dead) worker had claimed: running, heartbeat long ago.
    const [course] = await sql`select id from courses where id = ${courseId}`;
    const [owner] = await sql`select user_id from enrollments where course_id = ${course!.id} and role = 'student'`;
    const [run] =
      await sql`insert into runs (user_id, course_id, language, files, files_hash, status, heartbeat_at) values (${owner!.user_id}, ${courseId}, 'python', '[]'::jsonb, 'x', 'running', now() - interval '5 minutes') returning id`;
    await sql`insert into run_events (run_id, seq, type, data) values (${run!.id}, 1, 'status', '{"type":"status","status":"running"}')`;
    expect(await sweepStuckRuns(server.platform.db)).toBeGreaterThanOrEqual(1);
    const [after] = await sql`select status, verdict from runs where id = ${run!.id}`;
    expect(after).toEqual({ status: "finished", verdict: "INTERNAL_ERROR" });
    expect(endOf(await follow(student, run!.id)).message).toContain("worker running this program stopped");
  });

  test("a run the teacher starts in a student's workspace: the student's run.watchWorkspace announces it, and the student reads its output and types its input", async () => {
    const { student, teacher, courseId } = await studentInCourse();
    const workspaceId = await studentWorkspace(student, courseId, "name = input('name? ')\nprint(f'hi {name}')\n");
    const watching = await subscribe(student, "run.watchWorkspace", { workspaceId });
    const started = await teacher.mutate("run.start", { courseId, workspaceId });
    expect(started.status).toBe(200);
    const runId = started.body.result!.data.json.runId as string;
    const announced = await watching.next();
    expect(announced).toMatchObject({
      event: undefined,
      id: undefined,
      data: { runId, startedBy: { name: "Teacher" }, language: "python" },
    });
    expect(Number.isNaN(Date.parse(announced!.data.createdAt))).toBe(false);

    // Someone who connects while it is active is told of it at once.
    const late = await subscribe(teacher, "run.watchWorkspace", { workspaceId });
    expect((await late.next())?.data).toMatchObject({ runId, startedBy: { name: "Teacher" } });
    await late.close();

    // The student attaches to the teacher's run: output, and their input reaches the program.
    let answered = false;
    const events = await follow(student, runId, undefined, async (e) => {
      if (e.data.type === "stdout" && String(e.data.data).includes("name? ") && !answered) {
        answered = true;
        expect((await student.mutate("run.input", { runId, data: "Ada\n" })).status).toBe(200);
      }
    });
    expect(stdoutOf(events)).toBe("name? hi Ada\n");
    expect(endOf(events)).toMatchObject({ verdict: "OK" });

    // The student's own run is announced to the teacher's watch too, with the student's name.
    const teacherWatch = await subscribe(teacher, "run.watchWorkspace", { workspaceId });
    const own = (await student.mutate("run.start", { courseId, workspaceId })).body.result!.data.json.runId as string;
    expect((await teacherWatch.next())?.data).toMatchObject({ runId: own, startedBy: { name: "Student" } });
    await student.mutate("run.cancel", { runId: own });
    await teacherWatch.close();
    await watching.close();
  });

  test("a classmate and another course's instructor are refused the workspace's runs; a removed student stops receiving them", async () => {
    const { student, teacher, courseId } = await studentInCourse();
    const workspaceId = await studentWorkspace(student, courseId, "print('secret')\n");
    const classmate = browser(base);
    const email = `c${Date.now()}${Math.random().toString(36).slice(2, 6)}@school.test`;
    await signUpVerified(server, classmate, { name: "Classmate", email, password: "classmate-pass-1" });
    await teacher.mutate("enrollment.add", { courseId, email });
    const stranger = browser(base);
    const strangerEmail = `x${email}`;
    await signUpVerified(server, stranger, { name: "Stranger", email: strangerEmail, password: "stranger-pass-1" });
    await server.platform.db.$client`update "user" set role = 'instructor' where email = ${strangerEmail}`;
    await stranger.mutate("course.create", {
      code: `OTH-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`,
      title: "Other",
    });

    const runId = (await teacher.mutate("run.start", { courseId, workspaceId })).body.result!.data.json.runId as string;
    for (const who of [classmate, stranger]) {
      const refused = await subscribe(who, "run.watchWorkspace", { workspaceId });
      expect(await refused.next()).toMatchObject({ event: "serialized-error", data: { data: { code: "FORBIDDEN" } } });
      const watch = await subscribe(who, "run.events", { runId });
      expect(await watch.next()).toMatchObject({ event: "serialized-error", data: { data: { code: "FORBIDDEN" } } });
      expect((await who.mutate("run.input", { runId, data: "x" })).status).toBe(403);
      expect((await who.mutate("run.cancel", { runId })).status).toBe(403);
    }
    expect(stdoutOf(await follow(student, runId))).toBe("secret\n");

    // Removed from the course, the student's open watch ends with FORBIDDEN instead of announcing the next run.
    const watching = await subscribe(student, "run.watchWorkspace", { workspaceId });
    const studentId = (await student.query("me.get")).body.result!.data.json.id as string;
    expect((await teacher.mutate("enrollment.remove", { courseId, userId: studentId })).status).toBe(200);
    const next = (await teacher.mutate("run.start", { courseId, workspaceId })).body.result!.data.json.runId as string;
    expect(await watching.next()).toMatchObject({ event: "serialized-error", data: { data: { code: "FORBIDDEN" } } });
    expect(await watching.next()).toBeNull();
    expect(endOf(await follow(teacher, next)).verdict).toBe("OK");
  });
});
