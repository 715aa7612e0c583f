import type { Database } from "@codeclass/db";
import type { run } from "@codeclass/services";
import { callerFor, enroll, makeCourse, makeUser } from "@codeclass/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestWorker } from "./harness.ts";

let db: Database;
let done = async () => {};

beforeAll(async () => {
  // One slot, so runs queue behind each other.
  const harness = await startTestWorker({ concurrency: 1, sandbox: true });
  db = harness.db;
  done = harness.stop;
});
afterAll(() => done());

type Streamed = run.RunStreamEvent;

describe("a queued run's place in the queue", () => {
  test("its position and estimate come down as the runs ahead of it finish, then it runs", async () => {
    const instructor = await makeUser(db, { role: "instructor" });
    const course = await makeCourse(db, instructor);
    const program = {
      courseId: course.id,
      language: "python" as const,
      files: [{ path: "main.py", content: "import time\ntime.sleep(1.5)\nprint('done')\n" }],
    };
    // Four students, one run each (the per-user cap is 2): three ahead of the last.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const student = await makeUser(db);
      await enroll(db, course.id, student.id, "student");
      ids.push((await callerFor(db, student).run.start(program)).runId);
    }
    const last = ids.at(-1)!;
    const stream = (await callerFor(db, instructor).run.events({ runId: last })) as AsyncIterable<unknown>;
    const places: { position: number; etaMs: number }[] = [];
    const stored: Streamed[] = [];
    for await (const message of stream) {
      // Stored events are tracked ([id, data]); the queue's are { id: undefined, data }.
      const data = (Array.isArray(message) ? message[1] : (message as { data: Streamed }).data) as Streamed;
      if (data.type === "queue") {
        expect(Array.isArray(message)).toBe(false);
        places.push({ position: data.position, etaMs: data.etaMs });
      } else stored.push(data);
      if (data.type === "end") break;
    }
    // Seen at least at two places, never going back; ahead of it: the running one's followers.
    expect(places.length).toBeGreaterThanOrEqual(2);
    expect(places[0]!.position).toBeGreaterThanOrEqual(1);
    expect(places.at(-1)!.position).toBe(0);
    for (let i = 1; i < places.length; i++) {
      expect(places[i]!.position).toBeLessThanOrEqual(places[i - 1]!.position);
      // At one place, the wait only shrinks (a finished run may recalibrate it as the place changes).
      if (places[i]!.position === places[i - 1]!.position) expect(places[i]!.etaMs).toBeLessThan(places[i - 1]!.etaMs);
    }
    expect(new Set(places.map((p) => p.position)).size).toBeGreaterThanOrEqual(2);
    expect(places[0]!.etaMs).toBeGreaterThan(places.at(-1)!.etaMs);
    expect(places.every((p) => p.etaMs % 1000 === 0)).toBe(true);
    // Then it ran as usual: the stored events are untouched by the queue's.
    expect(stored.find((e) => e.type === "end")).toMatchObject({ result: { verdict: "OK" } });
    expect(
      stored
        .filter((e) => e.type === "stdout")
        .map((e) => (e as { data: string }).data)
        .join(""),
    ).toBe("done\n");
  }, 60_000);
});
