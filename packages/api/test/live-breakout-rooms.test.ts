import { createHash } from "node:crypto";
import { actorFromUser, live, workspaceAccess } from "@codeclass/services";
import { enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection, useLiveKitStandIn } from "./helpers.ts";

/**
 * Students moved into a breakout group are in the group's LiveKit room, not the session's main
 * room: ending the session, moderation and permission changes must reach them there.
 */
const t = useTestDatabase();
const video = useLiveKitStandIn(t);
const { as } = video;
let instructor: UserRow;
let ta: UserRow;
let students: UserRow[];
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  students = [];
  for (const name of ["Ana", "Ben", "Cat", "Dev"]) {
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
const groupOf = (state: State, userId: string) => state.breakout!.groups.find((g) => g.members.some((m) => m.userId === userId))!;
const meta = (u: UserRow, role: string) => JSON.stringify({ userId: u.id, name: u.name, role });

/** Connects `who` to `room` in the stand-in, under a token's identity as live.join gives it. */
async function connect(room: string, sessionId: string, who: UserRow, role: string, groupId?: string) {
  const { identity } = await as(who).live.join({ sessionId, groupId });
  video.standIn.rooms.set(room, [...(video.standIn.rooms.get(room) ?? []), { identity, metadata: meta(who, role) }]);
  return identity;
}

/** A live session split round-robin into two groups, Ana connected in her group's room and a TA in the main room. */
async function splitWithAnaInHerGroup() {
  const sessionId = await liveSession();
  const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
  const ana = students[0]!;
  const group = groupOf(made, ana.id);
  const groupRoom = `${sessionId}:group:${group.id}`;
  const taIdentity = await connect(sessionId, sessionId, ta, "ta");
  const anaIdentity = await connect(groupRoom, sessionId, ana, "student", group.id);
  return { sessionId, made, ana, group, groupRoom, anaIdentity, taIdentity };
}

const callsFor = (room: string) => video.standIn.calls.filter((c) => c.body.room === room);
const audited = async (sessionId: string, action: string) =>
  t.sql`select actor_id, data from audit_log where target_id = ${sessionId} and action = ${action} order by id`;

describe("ending a session closes its breakout rooms", () => {
  test("session.end deletes the main room and every group's room, and closes the round", async () => {
    const { sessionId, made, ana, group, groupRoom } = await splitWithAnaInHerGroup();
    const rooms = made.breakout!.groups.map((g) => `${sessionId}:group:${g.id}`);
    const stream = (await as(ana).breakouts.events({ sessionId }))[Symbol.asyncIterator]();
    expect(((await stream.next()).value as State).breakout!.myGroupId).toBe(group.id);
    // The stream has read the open round again and waits for a change when the session ends.
    const next = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const endedAt = Date.now();
    await as(instructor).session.end({ sessionId });
    // Her view follows at once (woken, not at the next idle recheck), as after a recall.
    expect(((await next).value as State).breakout).toBeNull();
    expect(Date.now() - endedAt).toBeLessThan(3_000);
    await stream.return?.(undefined);

    expect(callsFor(sessionId).map((c) => c.method)).toEqual(["DeleteRoom"]);
    for (const room of rooms) {
      expect(callsFor(room).map((c) => c.method)).toEqual(["DeleteRoom"]);
      expect(callsFor(room)[0]!.grant).toMatchObject({ roomCreate: true });
    }
    // Ana, in her group's room, is disconnected with everyone else.
    expect(video.standIn.rooms.has(groupRoom)).toBe(false);
    expect(video.standIn.rooms.has(sessionId)).toBe(false);
    const [round] = await t.sql`select closed_at from session_breakouts where id = ${made.breakout!.id}`;
    expect(round!.closed_at).not.toBeNull();
    expect((await as(instructor).breakouts.state({ sessionId })).breakout).toBeNull();
    // Nor can she come back to the group's room.
    expect((await rejection(as(ana).live.join({ sessionId, groupId: group.id }))).message).toMatch(/has ended/);
  });

  test("a room an earlier round left running (its timer's job not run yet) is deleted too", async () => {
    const sessionId = await liveSession();
    const first = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2, minutes: 5 });
    // The timer ran out and a read closed the round, but its job has not deleted the rooms yet.
    await t.sql`update session_breakouts set ends_at = clock_timestamp() where id = ${first.breakout!.id}`;
    expect((await as(instructor).breakouts.state({ sessionId })).breakout).toBeNull();
    const stale = `${sessionId}:group:${first.breakout!.groups[0]!.id}`;
    video.standIn.rooms.set(stale, [{ identity: `${students[0]!.id}#old`, metadata: meta(students[0]!, "student") }]);
    const second = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 3 });

    await as(ta).session.end({ sessionId });
    const deleted = video.standIn.calls
      .filter((c) => c.method === "DeleteRoom" && c.body.room.startsWith(`${sessionId}:group:`))
      .map((c) => c.body.room as string);
    expect(deleted.sort()).toEqual([...first.breakout!.groups, ...second.breakout!.groups].map((g) => `${sessionId}:group:${g.id}`).sort());
    expect(video.standIn.rooms.has(stale)).toBe(false);
  });

  test("ending twice deletes nothing more; without video nothing reaches LiveKit", async () => {
    const { sessionId } = await splitWithAnaInHerGroup();
    await as(instructor, false).session.end({ sessionId });
    expect(video.standIn.calls.filter((c) => c.body.room?.startsWith(sessionId))).toEqual([]);
    await as(instructor).session.end({ sessionId });
    expect(video.standIn.calls.filter((c) => c.body.room?.startsWith(sessionId))).toEqual([]);
  });

  test("the main room finishing at LiveKit ends the session and deletes the groups' rooms", async () => {
    const { sessionId, made, groupRoom } = await splitWithAnaInHerGroup();
    const body = JSON.stringify({
      event: "room_finished",
      id: `EV_${sessionId}_main`,
      createdAt: Math.floor(Date.now() / 1000),
      room: { name: sessionId },
    });
    const at = new live.AccessToken(video.standIn.config.apiKey, video.standIn.config.apiSecret, { ttl: "10m" });
    at.sha256 = createHash("sha256").update(body).digest("base64");
    expect(await live.receiveWebhook(t.db, video.standIn.config, body, await at.toJwt())).toEqual({
      applied: true,
      reason: "room_finished",
    });
    expect((await as(instructor).session.get({ sessionId })).status).toBe("ended");
    for (const g of made.breakout!.groups) expect(callsFor(`${sessionId}:group:${g.id}`).map((c) => c.method)).toEqual(["DeleteRoom"]);
    expect(video.standIn.rooms.has(groupRoom)).toBe(false);
  });
});

describe("moderation reaches a student in a breakout group's room", () => {
  test("mute finds the track in the group's room and is audited", async () => {
    const { sessionId, groupRoom, anaIdentity, ana } = await splitWithAnaInHerGroup();
    expect(await as(ta).live.mute({ sessionId, identity: anaIdentity, trackSid: "TR_mic" })).toEqual({ trackSid: "TR_mic", muted: true });
    const muted = callsFor(groupRoom).filter((c) => c.method === "MutePublishedTrack");
    expect(muted.map((c) => c.body)).toEqual([{ room: groupRoom, identity: anaIdentity, trackSid: "TR_mic", muted: true }]);
    expect(muted[0]!.grant).toMatchObject({ roomAdmin: true, room: groupRoom });
    expect((await audited(sessionId, "live.mute"))[0]).toMatchObject({ actor_id: ta.id, data: { userId: ana.id } });
  });

  test("remove disconnects the student from the group's room, leaving the others", async () => {
    const { sessionId, groupRoom, anaIdentity, taIdentity, made } = await splitWithAnaInHerGroup();
    const mate = students.find((s) => groupOf(made, s.id).id === groupOf(made, students[0]!.id).id && s.id !== students[0]!.id)!;
    const mateIdentity = await connect(groupRoom, sessionId, mate, "student", groupOf(made, mate.id).id);
    expect(await as(instructor).live.remove({ sessionId, identity: anaIdentity })).toEqual({ identity: anaIdentity, keptOut: true });
    // Kept out of her group's room too.
    expect((await rejection(as(students[0]!).live.join({ sessionId, groupId: groupOf(made, students[0]!.id).id }))).code).toBe("FORBIDDEN");
    expect(video.standIn.rooms.get(groupRoom)!.map((p) => p.identity)).toEqual([mateIdentity]);
    expect(video.standIn.rooms.get(sessionId)!.map((p) => p.identity)).toEqual([taIdentity]);
    expect(await audited(sessionId, "live.remove")).toHaveLength(1);
  });

  test("a removed student leaves the open round's group and its workspace, and no later split or move puts them back", async () => {
    const { sessionId, made, ana, group, anaIdentity } = await splitWithAnaInHerGroup();
    expect(await workspaceAccess(t.db, actorFromUser(ana), group.workspaceId)).toMatchObject({ canRead: true });
    await as(instructor).live.remove({ sessionId, identity: anaIdentity });
    const refused = await workspaceAccess(t.db, actorFromUser(ana), group.workspaceId);
    expect(refused).toMatchObject({ canRead: false, canWrite: false, refusal: expect.stringMatching(/staff removed you/) });
    const state = await as(instructor).breakouts.state({ sessionId });
    expect(state.breakout!.groups.flatMap((g) => g.members.map((m) => m.userId))).not.toContain(ana.id);
    const other = made.breakout!.groups.find((g) => g.id !== group.id)!;
    const move = await rejection(as(instructor).breakouts.move({ sessionId, userId: ana.id, group: other.number }));
    expect([move.code, move.message]).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/removed from this session by staff: let them back in first/),
    ]);
    await as(instructor).breakouts.recall({ sessionId });
    const again = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    expect(again.breakout!.groups.flatMap((g) => g.members.map((m) => m.userId)).sort()).toEqual(
      students
        .filter((s) => s.id !== ana.id)
        .map((s) => s.id)
        .sort(),
    );
    expect(await audited(sessionId, "live.keepOut")).toHaveLength(1);
    // Once the session has ended, its record is the class's again.
    await as(instructor).session.end({ sessionId });
    expect((await as(ana).session.get({ sessionId })).status).toBe("ended");
  });

  test("a participant in the main room is still moderated there; an identity in no room is refused unaudited", async () => {
    const { sessionId, taIdentity } = await splitWithAnaInHerGroup();
    await as(instructor).live.mute({ sessionId, identity: taIdentity, trackSid: "TR_cam" });
    expect(callsFor(sessionId).filter((c) => c.method === "MutePublishedTrack")).toHaveLength(1);
    await as(instructor).live.remove({ sessionId, identity: taIdentity });
    expect(video.standIn.rooms.get(sessionId)).toEqual([]);
    await expect(as(instructor).live.mute({ sessionId, identity: `${students[3]!.id}#gone`, trackSid: "TR_x" })).rejects.toThrow(
      /does not exist/,
    );
    expect(await audited(sessionId, "live.mute")).toHaveLength(1);
  });

  test("forbidding or allowing student media and screen share updates students in group rooms", async () => {
    const { sessionId, groupRoom, anaIdentity, ana } = await splitWithAnaInHerGroup();
    expect(await as(instructor).live.setStudentMedia({ sessionId, allowed: true })).toEqual({ studentMedia: true, updatedParticipants: 1 });
    const updates = () => callsFor(groupRoom).filter((c) => c.method === "UpdateParticipant");
    expect(updates().map((c) => c.body.identity)).toEqual([anaIdentity]);
    expect(updates()[0]!.body.permission).toMatchObject({ canPublish: true, canPublishSources: ["CAMERA", "MICROPHONE"] });

    await as(ta).live.setScreenShare({ sessionId, userId: ana.id, allowed: true });
    expect(updates().at(-1)!.body.permission.canPublishSources).toEqual(["CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"]);
    expect(await as(instructor).live.setStudentMedia({ sessionId, allowed: false })).toMatchObject({ updatedParticipants: 1 });
    await as(ta).live.setScreenShare({ sessionId, userId: ana.id, allowed: false });
    expect(updates()).toHaveLength(4);
    // (JSON leaves false out.)
    expect(updates().at(-1)!.body.permission.canPublish ?? false).toBe(false);
    expect(updates().at(-1)!.body.permission.canPublishSources ?? []).toEqual([]);
    // The TA in the main room is staff: never updated.
    expect(callsFor(sessionId).filter((c) => c.method === "UpdateParticipant")).toEqual([]);
  });
});

describe("who may (re)join a group's room", () => {
  test("a student removed from the course gets no token for their group's room, as for the main room", async () => {
    const sessionId = await liveSession();
    const leaver = await makeUser(t.db, { name: "Zed Student" });
    await enroll(t.db, courseId, leaver.id, "student");
    const made = await as(instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
    const group = groupOf(made, leaver.id);
    expect((await as(leaver).live.join({ sessionId, groupId: group.id })).room).toBe(`${sessionId}:group:${group.id}`);
    await as(instructor).enrollment.remove({ courseId, userId: leaver.id });
    for (const groupId of [undefined, group.id])
      expect((await rejection(as(leaver).live.join({ sessionId, groupId }))).code).toBe("FORBIDDEN");
  });
});
