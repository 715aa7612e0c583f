import type { Database } from "@codeclass/db";
import { readRunEvents, run } from "@codeclass/services";
import { eventually, makeCourse, makeUser } from "@codeclass/test-utils";
import type { GlobalRole } from "@codeclass/validators";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startRunCodeHarness } from "./harness.ts";

let pool: pg.Pool;
let db: Database;
let runQueuedJobs: () => Promise<void>;
let done = async () => {};

beforeAll(async () => {
  const harness = await startRunCodeHarness(2);
  ({ db, pool, runQueuedJobs } = harness);
  done = harness.stop;
});
afterAll(() => done());

async function queueRun(content: string) {
  const owner = await makeUser(db);
  const course = await makeCourse(db, owner);
  const actor = { id: owner.id, role: owner.role as GlobalRole };
  return { ...(await run.start(db, actor, { courseId: course.id, language: "python", files: [{ path: "main.py", content }] })), actor };
}

const runRow = (runId: string) =>
  pool.query("select status, verdict, exit_code, driver from runs where id = $1", [runId]).then((r) => r.rows[0]);

describe("the run_code task", () => {
  test("takes a queued run, streams its output in order, and ends it with the verdict and a finished row", async () => {
    const { runId } = await queueRun('print("hello")\nimport sys\nprint("oops", file=sys.stderr)\n');
    await runQueuedJobs();
    const events = await readRunEvents(db, runId, 0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => (e.data.type === "stdout" ? e.data.data : "")).join("")).toBe("hello\n");
    expect(events.map((e) => (e.data.type === "stderr" ? e.data.data : "")).join("")).toBe("oops\n");
    const end = events.at(-1)!.data;
    expect(end).toMatchObject({ type: "end", result: { verdict: "OK", exitCode: 0 } });
    expect(await runRow(runId)).toMatchObject({ status: "finished", verdict: "OK", exit_code: 0, driver: expect.any(String) });
  });

  test("a job whose run is already taken (a retried job) leaves the run and its events alone", async () => {
    const { runId } = await queueRun('print("never")\n');
    await pool.query("update runs set status = 'running', heartbeat_at = now() where id = $1", [runId]);
    const before = await readRunEvents(db, runId, 0);
    await runQueuedJobs();
    expect(await readRunEvents(db, runId, 0)).toEqual(before);
    expect(await runRow(runId)).toMatchObject({ status: "running", verdict: null });
  });

  test("a program blocked on input is stored as waiting for it ('input' events), and no longer once input arrives", async () => {
    const { runId, actor } = await queueRun("name = input()\nprint(f'hi {name}')\n");
    const jobs = runQueuedJobs();
    const waiting = await eventually(async () => {
      const events = await readRunEvents(db, runId, 0);
      const found = events.find((e) => e.data.type === "input");
      if (!found) throw new Error("no input event yet");
      return found;
    }, 20_000);
    expect(waiting.data).toEqual({ type: "input", waiting: true });
    await run.input(db, actor, { runId, data: "Ada\n" });
    await jobs;
    const events = (await readRunEvents(db, runId, 0)).map((e) => e.data);
    expect(events.filter((e) => e.type === "input")).toEqual([
      { type: "input", waiting: true },
      { type: "input", waiting: false },
    ]);
    expect(
      events
        .filter((e) => e.type === "stdout")
        .map((e) => (e as { data: string }).data)
        .join(""),
    ).toBe("hi Ada\n");
    expect(events.at(-1)).toMatchObject({ type: "end", result: { verdict: "OK" } });
  });
});
