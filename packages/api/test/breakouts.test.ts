import { createHash } from "node:crypto";
import { actorFromUser, breakouts, live, workspaceAccess } from "@codeclass/services";
import { enroll, eventually, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { refusedWithoutWrites, rejection, useLiveKitStandIn } from "./helpers.ts";

const t = useTestDatabase();
const video = useLiveKitStandIn(t);
const { as, verify } = video;
let instructor: UserRow;
let ta: UserRow;
let outsider: UserRow;
let students: UserRow[];
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  outsider = await makeUser(t.db, { name: "Olly Outsider" });
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  students = [];
  for (const name of ["Ana", "Ben", "Cat", "Dev", "Eli", "Fay", "Gus"]) {
    const s = await makeUser(t.db, { name: `${name} Student` });
    await enroll(t.db, courseId, s.id, "student");
    students.push(s);
  }
});

async function liveSession() {
  const s = await as(instructor).session.create({ courseId, title: "Seminar", startsAt: new Date(), durationMinutes: 60 });
  await as(instructor).session.start({ sessionId: s.id });
  return s.id;
}

type State = Awaited<ReturnType<ReturnType<typeof as>["breakouts"]["state"]>>;
const groupOf = (state: State, userId: string) => state.breakout!.groups.find((g) => g.members.some((m) => m.userId === userId));
const deletedRooms = (sessionId: string) =>
  video.standIn.calls
    .filter((c) => c.method === "DeleteRoom" && c.body.room.startsWith(`${sessionId}:group:`))
    .map((c) => c.body.room as string);
const audit = async (sessionId: string) =>
  (await t.sql`select action from audit_log where target_id = ${sessionId} and action like 'breakout.%' order by id`).map((r) => r.action);

describe("splitting a session into groups", () => {
  test("round-robin of every enrolled student when nobody is present by the webhook; each role sees what it may", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 3 });
    const b = made.breakout!;
    expect(b.groups.map((g) => g.number)).toEqual([1, 2, 3]);
    expect(b.groups.map((g) => g.members.length)).toEqual([3, 2, 2]);
    expect(b.groups.flatMap((g) => g.members.map((m) => m.userId)).sort()).toEqual(students.map((s) => s.id).sort());
    // Name order, dealt one by one: Ana, Dev, Gus in group 1.
    expect(b.groups[0]!.members.map((m) => m.name)).toEqual(["Ana Student", "Dev Student", "Gus Student"]);
    expect(b.groups[0]!.room).toBe(`${sessionId}:group:${b.groups[0]!.id}`);
    expect(b.unassigned).toEqual([]);
    // A group workspace per group, owned by nobody, of kind "group".
    const kinds = await t.sql`select kind, owner_id from workspaces where id in ${t.sql(b.groups.map((g) => g.workspaceId))}`;
    expect(kinds).toEqual(Array(3).fill({ kind: "group", owner_id: null }));

    const mine = await as(students[1]!).breakouts.state({ sessionId });
    expect(mine.breakout!.groups).toHaveLength(1);
    expect(mine.breakout!.myGroupId).toBe(groupOf(made, students[1]!.id)!.id);
    expect(mine.breakout!.groups[0]!.members.map((m) => m.name)).toEqual(["Ben Student", "Eli Student"]);
    expect(mine.breakout).toMatchObject({ seed: null, unassigned: null, groupCount: 3 });
    expect((await as(ta).breakouts.state({ sessionId })).breakout!.groups).toHaveLength(3);
    expect((await rejection(as(outsider).breakouts.state({ sessionId }))).code).toBe("FORBIDDEN");
    expect(await audit(sessionId)).toEqual(["breakout.create"]);

    const again = await rejection(as(instructor).breakouts.create({ sessionId, method: "random", groupCount: 2 }));
    expect(again).toMatchObject({ code: "CONFLICT" });
    expect(again.message).toMatch(/already open: recall everyone/);
  });

  test("random splits the present students only, the same way for the same seed", async () => {
    const splits: string[][][] = [];
    for (let i = 0; i < 2; i++) {
      const sessionId = await liveSession();
      for (const s of students.slice(0, 5))
        await t.sql`insert into session_attendance (session_id, user_id, identity, joined_at) values (${sessionId}, ${s.id}, ${`${s.id}#a`}, now())`;
      // One who left is not present.
      await t.sql`update session_attendance set left_at = now() where session_id = ${sessionId} and user_id = ${students[4]!.id}`;
      const made = await as(ta).breakouts.create({ sessionId, method: "random", groupCount: 2, seed: "week-3" });
      expect(made.breakout!.seed).toBe("week-3");
      splits.push(made.breakout!.groups.map((g) => g.members.map((m) => m.userId).sort()));
      expect(made.breakout!.unassigned!.map((u) => u.userId).sort()).toEqual(
        students
          .slice(4)
          .map((s) => s.id)
          .sort(),
      );
    }
    expect(splits[0]!.flat().sort()).toEqual(
      students
        .slice(0, 4)
        .map((s) => s.id)
        .sort(),
    );
    expect(splits[0]!.map((g) => g.length)).toEqual([2, 2]);
    expect(splits[1]).toEqual(splits[0]);
  });

  test("manual split; unknown students, duplicates and groups out of range are refused naming the field, writing nothing", async () => {
    const sessionId = await liveSession();
    const bad = await refusedWithoutWrites(t, () =>
      as(instructor).breakouts.create({ sessionId, method: "manual", groupCount: 2, assignments: [{ userId: outsider.id, group: 1 }] }),
    );
    expect(bad.message).toMatch(/assignments: names .* who is not a student of this course/);
    const twice = await rejection(
      as(instructor).breakouts.create({
        sessionId,
        method: "manual",
        groupCount: 2,
        assignments: [
          { userId: students[0]!.id, group: 1 },
          { userId: students[0]!.id, group: 2 },
        ],
      }),
    );
    expect(twice.message).toMatch(/assignments.*twice/);
    const over = await rejection(
      as(instructor).breakouts.create({ sessionId, method: "manual", groupCount: 2, assignments: [{ userId: students[0]!.id, group: 3 }] }),
    );
    expect(over.message).toMatch(/assignments.*group 3, but there are 2/);
    const many = await rejection(as(instructor).breakouts.create({ sessionId, method: "random", groupCount: 51 }));
    expect(many.message).toMatch(/groupCount.*the limit is 50 groups/);

    const made = await as(instructor).breakouts.create({
      sessionId,
      method: "manual",
      groupCount: 2,
      assignments: [
        { userId: students[0]!.id, group: 2 },
        { userId: students[1]!.id, group: 2 },
        { userId: students[2]!.id, group: 1 },
      ],
    });
    expect(made.breakout!.groups.map((g) => g.members.map((m) => m.name))).toEqual([["Cat Student"], ["Ana Student", "Ben Student"]]);
    expect(made.breakout!.unassigned).toHaveLength(4);
  });

  test("mixed by grade: refused without grades; then ranked by course points and dealt in a snake, so the groups' totals match", async () => {
    const sessionId = await liveSession();
    const none = await refusedWithoutWrites(t, () => as(instructor).breakouts.create({ sessionId, method: "mixed-grade", groupCount: 3 }));
    expect(none).toMatchObject({ code: "CONFLICT" });
    expect(none.message).toMatch(/method: there are no grades to mix by yet.*split at random/);

    const { id: assignmentId } = await as(instructor).assignment.create({ courseId, title: "Warm-up", languages: ["python"] });
    await as(instructor).assignment.setTests({ assignmentId, tests: [{ name: "all", expected: "x", points: 10 }] });
    // Gus 10, Fay 9, Eli 8, Dev 7, Cat 6, Ben 5 points (set by hand); Ana has no graded work.
    const points = new Map(students.slice(1).map((s, i) => [s.id, 5 + i]));
    for (const [userId, score] of points) await as(instructor).assignment.setOverride({ assignmentId, userId, score, reason: "oral exam" });

    const pool = await as(ta).breakouts.pool({ sessionId });
    expect(pool.present).toBe(false);
    expect(pool.students.map((s) => [s.name, s.grade])).toEqual([
      ["Ana Student", null],
      ["Ben Student", 0.5],
      ["Cat Student", 0.6],
      ["Dev Student", 0.7],
      ["Eli Student", 0.8],
      ["Fay Student", 0.9],
      ["Gus Student", 1],
    ]);
    expect((await rejection(as(students[0]!).breakouts.pool({ sessionId }))).code).toBe("FORBIDDEN");

    const made = await as(instructor).breakouts.create({ sessionId, method: "mixed-grade", groupCount: 3 });
    // Ranked Gus, Fay, Eli, Dev, Cat, Ben, Ana; dealt 1 2 3 3 2 1 1.
    expect(made.breakout!.groups.map((g) => g.members.map((m) => m.name.split(" ")[0]))).toEqual([
      ["Ana", "Ben", "Gus"],
      ["Cat", "Fay"],
      ["Dev", "Eli"],
    ]);
    expect(made.breakout!.groups.map((g) => g.members.reduce((sum, m) => sum + (points.get(m.userId) ?? 0), 0))).toEqual([15, 15, 15]);
    expect(made.breakout).toMatchObject({ method: "mixed-grade", seed: null, unassigned: [] });
    // A student's own view shows neither grades, nor the method (group numbers would hint at grades), nor the others' groups.
    const mine = await as(students[0]!).breakouts.state({ sessionId });
    expect(mine.breakout).toMatchObject({ method: null, groups: [{ number: 1 }] });
    expect(mine.breakout!.groups).toHaveLength(1);
    expect(JSON.stringify(mine)).not.toMatch(/grade/);
  });

  test("students and outsiders cannot split, move, broadcast, time or recall; a scheduled session cannot be split", async () => {
    const scheduled = (await as(instructor).session.create({ courseId, title: "Later", startsAt: new Date(), durationMinutes: 30 })).id;
    expect((await rejection(as(instructor).breakouts.create({ sessionId: scheduled, method: "random", groupCount: 2 }))).message).toMatch(
      /need a live session/,
    );
    const sessionId = await liveSession();
    const me = students[0]!;
    for (const who of [me, outsider]) {
      const caller = as(who);
      const calls = [
        () => caller.breakouts.create({ sessionId, method: "random", groupCount: 2 }),
        () => caller.breakouts.move({ sessionId, userId: me.id, group: 2 }),
        () => caller.breakouts.broadcast({ sessionId, body: "hi" }),
        () => caller.breakouts.setTimer({ sessionId, minutes: 5 }),
        () => caller.breakouts.recall({ sessionId }),
        () => caller.breakouts.pool({ sessionId }),
      ];
      for (const call of calls) expect((await refusedWithoutWrites(t, call)).code).toBe("FORBIDDEN");
    }
    expect((await rejection(as(null).breakouts.state({ sessionId }))).code).toBe("UNAUTHORIZED");
  });
});

describe("during breakouts", () => {
  test("move, broadcast, timer and recall; students follow their own group through breakouts.events", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    const ana = students[0]!;
    const from = groupOf(made, ana.id)!;
    const to = made.breakout!.groups.find((g) => g.id !== from.id)!;
    const stream = (await as(ana).breakouts.events({ sessionId }))[Symbol.asyncIterator]();
    const first = (await stream.next()).value as State;
    expect(first.breakout!.myGroupId).toBe(from.id);

    // With video, the moved student is taken out of the old group's room.
    const fromRoom = `${sessionId}:group:${from.id}`;
    video.standIn.rooms.set(fromRoom, [
      { identity: `${ana.id}#x`, metadata: JSON.stringify({ userId: ana.id, name: "Ana", role: "student" }) },
      { identity: `${students[2]!.id}#y`, metadata: JSON.stringify({ userId: students[2]!.id, name: "Cat", role: "student" }) },
    ]);
    const moved = await as(ta).breakouts.move({ sessionId, userId: ana.id, group: to.number });
    expect(groupOf(moved, ana.id)!.id).toBe(to.id);
    expect(video.standIn.rooms.get(fromRoom)!.map((p) => p.identity)).toEqual([`${students[2]!.id}#y`]);
    const afterMove = (await stream.next()).value as State;
    expect(afterMove.breakout!.myGroupId).toBe(to.id);
    expect(afterMove.breakout!.groups.map((g) => g.id)).toEqual([to.id]);
    expect((await rejection(as(ta).breakouts.move({ sessionId, userId: ana.id, group: 9 }))).message).toMatch(
      /group: there is no group 9: the groups are 1 to 2/,
    );
    expect((await rejection(as(ta).breakouts.move({ sessionId, userId: outsider.id, group: 1 }))).message).toMatch(
      /userId: .* is not a student of this course/,
    );

    await as(instructor).breakouts.broadcast({ sessionId, body: "Five minutes left <b>now</b>" });
    const told = (await stream.next()).value as State;
    expect(told.breakout!.broadcasts.map((m) => [m.body, m.authorName])).toEqual([["Five minutes left <b>now</b>", "Ada Instructor"]]);
    // Stored, and in every group's view.
    expect((await as(students[1]!).breakouts.state({ sessionId })).breakout!.broadcasts).toHaveLength(1);
    expect((await rejection(as(instructor).breakouts.broadcast({ sessionId, body: "x".repeat(1001) }))).message).toMatch(
      /body.*the limit is 1000 characters/,
    );

    const timed = await as(instructor).breakouts.setTimer({ sessionId, minutes: 10 });
    const endsAt = new Date(timed.breakout!.endsAt!).getTime();
    expect(Math.abs(endsAt - (Date.now() + 10 * 60_000))).toBeLessThan(30_000);
    expect(((await stream.next()).value as State).breakout!.endsAt).toEqual(timed.breakout!.endsAt);
    expect((await rejection(as(instructor).breakouts.setTimer({ sessionId, minutes: 0 }))).message).toMatch(/minutes.*the least is 1/);

    await as(instructor).breakouts.recall({ sessionId });
    expect(((await stream.next()).value as State).breakout).toBeNull();
    await stream.return?.(undefined);
    expect(await audit(sessionId)).toEqual(["breakout.create", "breakout.move", "breakout.timer", "breakout.recall"]);
    // The group rooms were deleted (disconnecting whoever was in them).
    const deleted = video.standIn.calls
      .filter((c) => c.method === "DeleteRoom" && c.body.room.startsWith(`${sessionId}:group:`))
      .map((c) => c.body.room);
    expect(deleted.sort()).toEqual(made.breakout!.groups.map((g) => `${sessionId}:group:${g.id}`).sort());
    expect((await rejection(as(instructor).breakouts.recall({ sessionId }))).message).toMatch(/no breakout groups are open/);
    // After the recall, members read their group's workspace but no longer write it; staff still write.
    const wsAccess = await workspaceAccess(t.db, actorFromUser(ana), to.workspaceId);
    expect(wsAccess).toMatchObject({ canRead: true, canWrite: false });
    expect(await workspaceAccess(t.db, actorFromUser(instructor), to.workspaceId)).toMatchObject({ canRead: true, canWrite: true });
  });

  test("the timer recalls everyone when it runs out, and the students' streams say so", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "random", groupCount: 2, minutes: 5 });
    const stream = (await as(students[3]!).breakouts.events({ sessionId }))[Symbol.asyncIterator]();
    expect(((await stream.next()).value as State).breakout).not.toBeNull();
    // Bring the end near (as if five minutes had passed), then any change wakes the stream with the new end.
    await t.sql`update session_breakouts set ends_at = clock_timestamp() + interval '1 second' where session_id = ${sessionId}`;
    await as(instructor).breakouts.broadcast({ sessionId, body: "wrap up" });
    const beforeEnd = (await stream.next()).value as State;
    expect(beforeEnd.breakout!.broadcasts).toHaveLength(1);
    const started = Date.now();
    const ended = (await stream.next()).value as State;
    expect(ended.breakout).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
    await stream.return?.(undefined);
    const [row] = await t.sql`select closed_at, ends_at, closed_by from session_breakouts where session_id = ${sessionId}`;
    expect(row).toMatchObject({ closed_by: null });
    expect(row!.closed_at).toEqual(row!.ends_at);
    // The timer's job (queued at the split for its end) deletes the groups' rooms.
    const rooms = await breakouts.timerRanOut(t.db, video.standIn.config, made.breakout!.id);
    expect(rooms.sort()).toEqual(made.breakout!.groups.map((g) => `${sessionId}:group:${g.id}`).sort());
    expect(deletedRooms(sessionId).sort()).toEqual(rooms.sort());
    // A new split is possible at once.
    expect((await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 3 })).breakout).not.toBeNull();
  });

  test("the timer is a job queued for the round's end: moved with the timer, removed without one; it deletes rooms only when it closed the round", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "random", groupCount: 2, minutes: 5 });
    const id = made.breakout!.id;
    const jobs = () =>
      t.sql`select j.run_at, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
            where k.identifier = 'breakout_timer' and j.payload->>'breakoutId' = ${id}`;
    expect((await jobs()).map((j) => [j.key, new Date(j.run_at).getTime()])).toEqual([
      [`breakout-timer:${id}`, new Date(made.breakout!.endsAt!).getTime()],
    ]);
    const later = await as(instructor).breakouts.setTimer({ sessionId, minutes: 20 });
    expect((await jobs()).map((j) => new Date(j.run_at).getTime())).toEqual([new Date(later.breakout!.endsAt!).getTime()]);
    // Before the end the job changes nothing (a timer moved later has its own, later job).
    expect(await breakouts.timerRanOut(t.db, video.standIn.config, id)).toEqual([]);
    expect((await as(instructor).breakouts.state({ sessionId })).breakout).not.toBeNull();
    await as(instructor).breakouts.setTimer({ sessionId, minutes: null });
    expect(await jobs()).toEqual([]);
    // Recalled by staff (who delete the rooms themselves), the job deletes nothing more.
    await as(instructor).breakouts.recall({ sessionId });
    const before = deletedRooms(sessionId).length;
    expect(await breakouts.timerRanOut(t.db, video.standIn.config, id)).toEqual([]);
    expect(deletedRooms(sessionId)).toHaveLength(before);
  });

  test("ending the session recalls its breakouts", async () => {
    const sessionId = await liveSession();
    await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    await as(instructor).session.end({ sessionId });
    expect((await as(instructor).breakouts.state({ sessionId })).breakout).toBeNull();
  });
});

describe("group video rooms (live.join with a group id)", () => {
  test("a student gets a token for their own group's room only; staff visit any group as room admins", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 3 });
    const ana = students[0]!;
    const own = groupOf(made, ana.id)!;
    const other = made.breakout!.groups.find((g) => g.id !== own.id)!;

    const mine = await as(ana).live.join({ sessionId, groupId: own.id });
    expect(mine).toMatchObject({ room: `${sessionId}:group:${own.id}`, groupId: own.id });
    const claims = await verify(mine.token);
    expect(claims.video).toMatchObject({ room: `${sessionId}:group:${own.id}`, roomJoin: true, roomAdmin: false });
    expect(claims.sub).toBe(mine.identity);

    const refused = await rejection(as(ana).live.join({ sessionId, groupId: other.id }));
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    expect(refused.message).toMatch(/not your group/);
    // Renewing a connection cannot move it to another group either.
    expect((await rejection(as(ana).live.renew({ sessionId, identity: mine.identity, groupId: other.id }))).code).toBe("FORBIDDEN");
    const renewed = await as(ana).live.renew({ sessionId, identity: mine.identity, groupId: own.id });
    expect((await verify(renewed.token)).video?.room).toBe(`${sessionId}:group:${own.id}`);

    for (const staff of [instructor, ta]) {
      const visit = await as(staff).live.join({ sessionId, groupId: other.id });
      expect((await verify(visit.token)).video).toMatchObject({ room: `${sessionId}:group:${other.id}`, roomJoin: true, roomAdmin: true });
    }
    expect((await rejection(as(outsider).live.join({ sessionId, groupId: own.id }))).code).toBe("FORBIDDEN");
    // The main room is still there for everyone.
    expect((await verify((await as(ana).live.join({ sessionId })).token)).video?.room).toBe(sessionId);

    await as(instructor).breakouts.recall({ sessionId });
    const gone = await rejection(as(ana).live.join({ sessionId, groupId: own.id }));
    expect(gone).toMatchObject({ code: "NOT_FOUND" });
    expect(gone.message).toMatch(/groupId: .*recalled/);
  });

  test("a group room finishing does not end the session; the main room finishing does", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    const deliver = async (room: string, id: string) => {
      const body = JSON.stringify({ event: "room_finished", id, createdAt: Math.floor(Date.now() / 1000), room: { name: room } });
      const at = new live.AccessToken(video.standIn.config.apiKey, video.standIn.config.apiSecret, { ttl: "10m" });
      at.sha256 = createHash("sha256").update(body).digest("base64");
      return live.receiveWebhook(t.db, video.standIn.config, body, await at.toJwt());
    };
    await deliver(made.breakout!.groups[0]!.room, `EV_${sessionId}_g`);
    expect((await as(instructor).session.get({ sessionId })).status).toBe("live");
    await deliver(sessionId, `EV_${sessionId}_m`);
    expect((await as(instructor).session.get({ sessionId })).status).toBe("ended");
  });
});

describe("group workspaces", () => {
  test("members read and write, other students are refused, staff write; a moved student loses the old one", async () => {
    const sessionId = await liveSession();
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    const ana = students[0]!;
    const own = groupOf(made, ana.id)!;
    const other = made.breakout!.groups.find((g) => g.id !== own.id)!;
    expect(await workspaceAccess(t.db, actorFromUser(ana), own.workspaceId)).toMatchObject({ canRead: true, canWrite: true, staff: false });
    const refused = await workspaceAccess(t.db, actorFromUser(ana), other.workspaceId);
    expect(refused).toMatchObject({ canRead: false, canWrite: false });
    expect(refused.refusal).toMatch(/not your group's workspace/);
    expect(await workspaceAccess(t.db, actorFromUser(ta), other.workspaceId)).toMatchObject({ canRead: true, canWrite: true });
    expect(await workspaceAccess(t.db, actorFromUser(outsider), own.workspaceId)).toMatchObject({ canRead: false });
    // Through the API too: workspace.get refuses another group's workspace.
    expect((await rejection(as(ana).workspace.get({ workspaceId: other.workspaceId }))).code).toBe("FORBIDDEN");

    await as(instructor).breakouts.move({ sessionId, userId: ana.id, group: other.number });
    expect(await workspaceAccess(t.db, actorFromUser(ana), own.workspaceId)).toMatchObject({ canRead: false });
    expect(await workspaceAccess(t.db, actorFromUser(ana), other.workspaceId)).toMatchObject({ canRead: true, canWrite: true });
    await eventually(async () => expect((await as(ana).breakouts.state({ sessionId })).breakout!.myGroupId).toBe(other.id));
  });
});
