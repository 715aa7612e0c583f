import type { createDb, Database } from "@codeclass/db";
import { breakouts } from "@codeclass/services";
import {
  callerFor,
  enroll,
  eventually,
  type LiveKitStandIn,
  makeCourse,
  makeUser,
  startLiveKitStandIn,
  type UserRow,
} from "@codeclass/test-utils";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestWorker } from "./harness.ts";

let db: Database;
let sql: ReturnType<typeof createDb>["sql"];
let standIn: LiveKitStandIn;
let instructor: UserRow;
let courseId: string;
let done = async () => {};

beforeAll(async () => {
  standIn = await startLiveKitStandIn();
  const harness = await startTestWorker({ concurrency: 1, sandbox: "breakout timers need no sandbox", livekit: standIn.config });
  ({ db, sql } = harness);
  done = async () => {
    await harness.stop();
    await standIn.close();
  };
  instructor = await makeUser(db, { role: "instructor" });
  courseId = (await makeCourse(db, instructor)).id;
  for (const name of ["Ana", "Ben", "Cat", "Dev"]) await enroll(db, courseId, (await makeUser(db, { name })).id, "student");
});
afterAll(() => done());

test("when a breakout timer runs out with nobody looking, the worker closes the round and deletes the groups' rooms", async () => {
  const as = callerFor(db, instructor, { livekit: standIn.config });
  const session = await as.session.create({ courseId, title: "Lab", startsAt: new Date(), durationMinutes: 60 });
  await as.session.start({ sessionId: session.id });
  const made = (await as.breakouts.create({ sessionId: session.id, method: "round-robin", groupCount: 2, minutes: 10 })).breakout!;
  // Bring the end near, as the timer's own job would be (moved by the same call a new timer makes).
  const [row] =
    await sql`update session_breakouts set ends_at = clock_timestamp() + interval '1 second' where id = ${made.id} returning ends_at`;
  await breakouts.scheduleTimer(db, made.id, new Date(row!.ends_at));
  const rooms = made.groups.map((g) => `${session.id}:group:${g.id}`).sort();
  const deleted = () => standIn.calls.filter((c) => c.method === "DeleteRoom" && c.body.room.startsWith(`${session.id}:group:`));
  expect(deleted()).toEqual([]);
  // Nothing reads the session's breakouts meanwhile: only the job closes the round.
  await eventually(
    async () =>
      expect(
        deleted()
          .map((c) => c.body.room)
          .sort(),
      ).toEqual(rooms),
    15_000,
  );
  const [closed] = await sql`select closed_at, ends_at, closed_by from session_breakouts where id = ${made.id}`;
  expect(closed).toMatchObject({ closed_by: null });
  expect(closed!.closed_at).toEqual(closed!.ends_at);
  // The job's row goes once the task has returned, which can come a moment after the rooms were deleted.
  await eventually(
    async () =>
      expect(
        await sql`select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'breakout_timer'`,
      ).toHaveLength(0),
    10_000,
  );
});
