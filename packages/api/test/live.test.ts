import { createHash, randomUUID } from "node:crypto";
import { actorFromUser, live, whiteboard } from "@codeclass/services";
import { enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection, useLiveKitStandIn } from "./helpers.ts";

const t = useTestDatabase();
const video = useLiveKitStandIn(t);
const { as, verify } = video;
let instructor: UserRow;
let ta: UserRow;
let student: UserRow;
let outsider: UserRow;
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  student = await makeUser(t.db, { name: "Sam Student" });
  outsider = await makeUser(t.db);
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  await enroll(t.db, courseId, student.id, "student");
});

async function liveSession(title = "Lecture") {
  const s = await as(instructor).session.create({ courseId, title, startsAt: new Date(), durationMinutes: 60 });
  await as(instructor).session.start({ sessionId: s.id });
  return s;
}

const auditActions = async (sessionId: string) =>
  (await t.sql`select action from audit_log where target_id = ${sessionId} order by id`).map((r) => r.action as string);

describe("sessions", () => {
  test("staff schedule, start and end; members read; status moves scheduled → live → ended", async () => {
    const startsAt = new Date("2030-01-01T09:00:00Z");
    const s = await as(ta).session.create({ courseId, title: "Week 1", startsAt, durationMinutes: 90 });
    expect(s).toMatchObject({ status: "scheduled", title: "Week 1", durationMinutes: 90, endsAt: new Date("2030-01-01T10:30:00Z") });
    expect((await as(student).session.list({ courseId })).map((x) => x.id)).toContain(s.id);
    const moved = await as(instructor).session.update({ sessionId: s.id, durationMinutes: 45, title: "Week 1 (short)" });
    expect(moved).toMatchObject({ durationMinutes: 45, title: "Week 1 (short)" });
    expect((await as(instructor).session.start({ sessionId: s.id })).status).toBe("live");
    expect(await as(student).session.get({ sessionId: s.id })).toMatchObject({ status: "live", staff: false, videoConfigured: true });
    expect((await as(instructor).session.end({ sessionId: s.id })).status).toBe("ended");
    expect((await as(student).session.list({ courseId })).map((x) => x.id)).not.toContain(s.id);
    expect((await as(student).session.list({ courseId, includeEnded: true })).map((x) => x.id)).toContain(s.id);
    expect((await rejection(as(instructor).session.start({ sessionId: s.id }))).message).toMatch(/has ended/);
    expect(await auditActions(s.id)).toEqual(["session.create", "session.update", "session.start", "session.end"]);
  });

  test("students cannot schedule or start; bad input names the field and the limit", async () => {
    expect((await rejection(as(student).session.create({ courseId, title: "x", startsAt: new Date(), durationMinutes: 30 }))).code).toBe(
      "FORBIDDEN",
    );
    const s = await as(instructor).session.create({ courseId, title: "Later", startsAt: new Date(), durationMinutes: 30 });
    expect((await rejection(as(student).session.start({ sessionId: s.id }))).code).toBe("FORBIDDEN");
    const long = await rejection(
      as(instructor).session.create({ courseId, title: "x".repeat(201), startsAt: new Date(), durationMinutes: 30 }),
    );
    expect(long.message).toMatch(/title.*the limit is 200 characters/);
    const short = await rejection(as(instructor).session.create({ courseId, title: "x", startsAt: new Date(), durationMinutes: 1 }));
    expect(short.message).toMatch(/durationMinutes.*5 minutes/);
    const archived = await makeCourse(t.db, instructor, { archived: true });
    const refused = await rejection(
      as(instructor).session.create({ courseId: archived.id, title: "x", startsAt: new Date(), durationMinutes: 30 }),
    );
    expect(refused.message).toMatch(/archived: restore it/);
  });
});

describe("live.join", () => {
  test("staff get room admin and every source; the metadata names the user and the course role; a short lifetime", async () => {
    const s = await liveSession();
    for (const [user, role] of [
      [instructor, "instructor"],
      [ta, "ta"],
    ] as const) {
      const joined = await as(user).live.join({ sessionId: s.id });
      const claims = await verify(joined.token);
      expect(claims.sub).toBe(joined.identity);
      expect(joined.identity.startsWith(`${user.id}#`)).toBe(true);
      expect(JSON.parse(claims.metadata!)).toEqual({ userId: user.id, name: user.name, role });
      expect(claims.name).toBe(user.name);
      expect(claims.exp! - claims.nbf!).toBe(live.tokenTtlSeconds);
      expect(live.tokenTtlSeconds).toBeLessThanOrEqual(15 * 60);
      expect(claims.video).toMatchObject({ room: s.id, roomJoin: true, roomAdmin: true, canSubscribe: true, canPublish: true });
      expect(claims.video!.canPublishSources).toEqual(["camera", "microphone", "screen_share", "screen_share_audio"]);
      expect(joined.url).toBe(video.standIn.config.url);
    }
  });

  test("students subscribe; camera and microphone only while allowed; screen share only when granted", async () => {
    const s = await liveSession();
    const first = await verify((await as(student).live.join({ sessionId: s.id })).token);
    expect(first.video).toMatchObject({ roomAdmin: false, canSubscribe: true, canPublish: false, canPublishData: false });
    expect(first.video!.canPublishSources ?? []).toEqual([]);

    await as(instructor).live.setStudentMedia({ sessionId: s.id, allowed: true });
    const allowed = await as(student).live.join({ sessionId: s.id });
    expect((await verify(allowed.token)).video!.canPublishSources).toEqual(["camera", "microphone"]);
    expect(allowed.publish).toEqual({ camera: true, microphone: true, screenShare: false });

    await as(ta).live.setScreenShare({ sessionId: s.id, userId: student.id, allowed: true });
    const sharing = await verify((await as(student).live.join({ sessionId: s.id })).token);
    expect(sharing.video!.canPublishSources).toEqual(["camera", "microphone", "screen_share", "screen_share_audio"]);

    await as(instructor).live.setStudentMedia({ sessionId: s.id, allowed: false });
    await as(instructor).live.setScreenShare({ sessionId: s.id, userId: student.id, allowed: false });
    const back = await verify((await as(student).live.join({ sessionId: s.id })).token);
    expect(back.video).toMatchObject({ canPublish: false });
    expect(back.video!.canPublishSources ?? []).toEqual([]);
  });

  test("each call gets its own identity (a second tab does not replace the first); renew keeps it", async () => {
    const s = await liveSession();
    const a = await as(student).live.join({ sessionId: s.id });
    const b = await as(student).live.join({ sessionId: s.id });
    expect(a.identity).not.toBe(b.identity);
    const renewed = await as(student).live.renew({ sessionId: s.id, identity: a.identity });
    expect((await verify(renewed.token)).sub).toBe(a.identity);
    expect((await rejection(as(ta).live.renew({ sessionId: s.id, identity: a.identity }))).code).toBe("FORBIDDEN");
  });

  test("refused with the reason: not enrolled, not started, ended, video not configured", async () => {
    const s = await as(instructor).session.create({
      courseId,
      title: "Soon",
      startsAt: new Date("2031-05-01T10:00:00Z"),
      durationMinutes: 30,
    });
    const notLive = await rejection(as(student).live.join({ sessionId: s.id }));
    expect(notLive.code).toBe("CONFLICT");
    expect(notLive.message).toMatch(/not started yet.*2031-05-01T10:00:00/);
    await as(instructor).session.start({ sessionId: s.id });
    const outside = await rejection(as(outsider).live.join({ sessionId: s.id }));
    expect(outside.code).toBe("FORBIDDEN");
    expect(outside.message).toMatch(/not a member of this course/);
    const off = await rejection(as(student, false).live.join({ sessionId: s.id }));
    expect(off.code).toBe("BAD_REQUEST");
    expect(off.message).toMatch(/video is not configured.*livekit-server --dev.*LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
    await as(instructor).session.end({ sessionId: s.id });
    expect((await rejection(as(student).live.join({ sessionId: s.id }))).message).toMatch(/has ended/);
    expect((await rejection(as(null).live.join({ sessionId: s.id }))).code).toBe("UNAUTHORIZED");
  });
});

describe("moderation through RoomService (against the stand-in)", () => {
  async function roomWith(sessionId: string) {
    const identities = {
      student: (await as(student).live.join({ sessionId })).identity,
      ta: (await as(ta).live.join({ sessionId })).identity,
    };
    const meta = (u: UserRow, role: string) => JSON.stringify({ userId: u.id, name: u.name, role });
    video.standIn.rooms.set(sessionId, [
      { identity: identities.student, metadata: meta(student, "student") },
      { identity: identities.ta, metadata: meta(ta, "ta") },
    ]);
    return identities;
  }
  const callsFor = (room: string) => video.standIn.calls.filter((c) => c.body.room === room);

  test("mute and remove: signed with roomAdmin for that room, and audited", async () => {
    const s = await liveSession();
    const ids = await roomWith(s.id);
    expect(await as(ta).live.mute({ sessionId: s.id, identity: ids.student, trackSid: "TR_mic" })).toEqual({
      trackSid: "TR_mic",
      muted: true,
    });
    await as(instructor).live.remove({ sessionId: s.id, identity: ids.student });
    const calls = callsFor(s.id);
    // A student: the room's participants are listed to find their other connections, then removed.
    expect(calls.map((c) => c.method)).toEqual(["MutePublishedTrack", "ListParticipants", "RemoveParticipant"]);
    expect(calls[0]!.body).toMatchObject({ room: s.id, identity: ids.student, trackSid: "TR_mic", muted: true });
    for (const c of calls) expect(c.grant).toMatchObject({ roomAdmin: true, room: s.id });
    expect(video.standIn.rooms.get(s.id)!.map((p) => p.identity)).toEqual([ids.ta]);
    expect(await auditActions(s.id)).toEqual(expect.arrayContaining(["live.mute", "live.remove"]));
    const audit = await t.sql`select actor_id, course_id, data from audit_log where target_id = ${s.id} and action = 'live.remove'`;
    expect(audit[0]).toMatchObject({ actor_id: instructor.id, course_id: courseId, data: { identity: ids.student, userId: student.id } });
  });

  test("a removed student is kept out (every tab, token, chat, whiteboard) until staff let them back in; staff are only disconnected", async () => {
    const s = await liveSession();
    const ids = await roomWith(s.id);
    // A second tab of the student's.
    const second = (await as(student).live.join({ sessionId: s.id })).identity;
    const meta = JSON.stringify({ userId: student.id, name: student.name, role: "student" });
    video.standIn.rooms.get(s.id)!.push({ identity: second, metadata: meta });

    expect(await as(instructor).live.remove({ sessionId: s.id, identity: ids.student })).toEqual({ identity: ids.student, keptOut: true });
    expect(video.standIn.rooms.get(s.id)!.map((p) => p.identity)).toEqual([ids.ta]);
    const refusals = [
      await rejection(as(student).live.join({ sessionId: s.id })),
      await rejection(as(student).live.renew({ sessionId: s.id, identity: second })),
      await rejection(as(student).chat.send({ sessionId: s.id, body: "let me in" })),
      await rejection(as(student).hands.raise({ sessionId: s.id })),
    ];
    for (const r of refusals)
      expect([r.code, r.message]).toEqual(["FORBIDDEN", expect.stringMatching(/staff removed you from this session/)]);
    expect(await whiteboard.whiteboardAccess(t.db, actorFromUser(student), s.id)).toMatchObject({
      canRead: false,
      canWrite: false,
      refusal: expect.stringMatching(/staff removed you from this session/),
    });
    expect(await as(ta).live.removed({ sessionId: s.id })).toEqual([{ userId: student.id, name: student.name }]);
    expect((await rejection(as(student).live.removed({ sessionId: s.id }))).code).toBe("FORBIDDEN");
    // Removing again keeps one entry.
    video.standIn.rooms.get(s.id)!.push({ identity: second, metadata: meta });
    await as(instructor).live.remove({ sessionId: s.id, identity: second });
    expect(await as(ta).live.removed({ sessionId: s.id })).toHaveLength(1);

    // Staff are disconnected, not kept out.
    expect(await as(instructor).live.remove({ sessionId: s.id, identity: ids.ta })).toEqual({ identity: ids.ta, keptOut: false });
    expect((await as(ta).live.join({ sessionId: s.id })).token).toBeTruthy();

    expect((await rejection(as(student).live.readmit({ sessionId: s.id, userId: student.id }))).code).toBe("FORBIDDEN");
    const notRemoved = await rejection(as(instructor).live.readmit({ sessionId: s.id, userId: ta.id }));
    expect([notRemoved.code, notRemoved.message]).toEqual(["BAD_REQUEST", expect.stringMatching(/userId.*was not removed/)]);
    expect(await as(instructor).live.readmit({ sessionId: s.id, userId: student.id })).toEqual({ userId: student.id, readmitted: true });
    expect((await as(student).live.join({ sessionId: s.id })).token).toBeTruthy();
    expect(await as(ta).live.removed({ sessionId: s.id })).toEqual([]);
    expect(await auditActions(s.id)).toEqual(expect.arrayContaining(["live.remove", "live.readmit"]));
  });

  test("a removed student back with a token minted before is disconnected when LiveKit reports the join; others are not", async () => {
    const s = await liveSession();
    const ids = await roomWith(s.id);
    const early = (await as(student).live.join({ sessionId: s.id })).identity;
    await as(instructor).live.remove({ sessionId: s.id, identity: ids.student });
    const config = video.standIn.config;
    const joined = async (identity: string, who: UserRow, role: string) => {
      const metadata = JSON.stringify({ userId: who.id, name: who.name, role });
      // LiveKit let the token in: the participant is in the room, and LiveKit reports it (signed, as it does).
      video.standIn.rooms.get(s.id)!.push({ identity, metadata });
      const body = JSON.stringify({
        event: "participant_joined",
        id: `EV_${randomUUID()}`,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: "RM_x", name: s.id },
        participant: { sid: `PA_${randomUUID()}`, identity, metadata },
      });
      const at = new live.AccessToken(config.apiKey, config.apiSecret, { ttl: "10m" });
      at.sha256 = createHash("sha256").update(body).digest("base64");
      return live.receiveWebhook(t.db, config, body, await at.toJwt());
    };
    expect(await joined(early, student, "student")).toMatchObject({ applied: true });
    expect(video.standIn.rooms.get(s.id)!.map((p) => p.identity)).toEqual([ids.ta]);
    const again = (await as(ta).live.join({ sessionId: s.id })).identity;
    expect(await joined(again, ta, "ta")).toMatchObject({ applied: true });
    expect(video.standIn.rooms.get(s.id)!.map((p) => p.identity)).toEqual([ids.ta, again]);
  });

  test("students cannot moderate; nothing reaches LiveKit and nothing is audited", async () => {
    const s = await liveSession();
    const ids = await roomWith(s.id);
    for (const call of [
      () => as(student).live.mute({ sessionId: s.id, identity: ids.ta, trackSid: "TR_x" }),
      () => as(student).live.remove({ sessionId: s.id, identity: ids.ta }),
      () => as(student).live.setStudentMedia({ sessionId: s.id, allowed: true }),
      () => as(student).live.setScreenShare({ sessionId: s.id, userId: student.id, allowed: true }),
      () => as(student).session.end({ sessionId: s.id }),
      () => as(outsider).live.remove({ sessionId: s.id, identity: ids.ta }),
    ])
      expect((await rejection(call())).code).toBe("FORBIDDEN");
    expect(callsFor(s.id)).toEqual([]);
    expect(await auditActions(s.id)).toEqual(["session.create", "session.start"]);
  });

  test("allowing student microphones updates connected students' permissions (not staff's)", async () => {
    const s = await liveSession();
    const ids = await roomWith(s.id);
    expect(await as(instructor).live.setStudentMedia({ sessionId: s.id, allowed: true })).toEqual({
      studentMedia: true,
      updatedParticipants: 1,
    });
    const updates = callsFor(s.id).filter((c) => c.method === "UpdateParticipant");
    expect(updates.map((c) => c.body.identity)).toEqual([ids.student]);
    expect(updates[0]!.body.permission).toMatchObject({
      canSubscribe: true,
      canPublish: true,
      canPublishSources: ["CAMERA", "MICROPHONE"],
    });
    await as(instructor).live.setScreenShare({ sessionId: s.id, userId: student.id, allowed: true });
    const last = callsFor(s.id).findLast((c) => c.method === "UpdateParticipant")!;
    expect(last.body.permission.canPublishSources).toEqual(["CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"]);
    expect(await auditActions(s.id)).toEqual(expect.arrayContaining(["live.allowStudentMedia", "live.grantScreenShare"]));
    const notStudent = await rejection(as(instructor).live.setScreenShare({ sessionId: s.id, userId: ta.id, allowed: true }));
    expect(notStudent.message).toMatch(/userId is not a student of this course/);
  });

  test("ending for everyone deletes the room and marks the session ended", async () => {
    const s = await liveSession();
    await roomWith(s.id);
    await as(ta).session.end({ sessionId: s.id });
    expect(callsFor(s.id).map((c) => c.method)).toEqual(["DeleteRoom"]);
    expect(callsFor(s.id)[0]!.grant).toMatchObject({ roomCreate: true });
    expect(video.standIn.rooms.has(s.id)).toBe(false);
    expect((await as(student).session.get({ sessionId: s.id })).status).toBe("ended");
  });

  test("the stand-in refuses a token without roomAdmin for the room, and a token signed with another secret", async () => {
    const s = await liveSession();
    await roomWith(s.id);
    const studentToken = (await as(student).live.join({ sessionId: s.id })).token;
    const mute = (token: string) =>
      fetch(`${video.standIn.config.url}/twirp/livekit.RoomService/MutePublishedTrack`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ room: s.id, identity: "x", trackSid: "TR", muted: true }),
      });
    expect((await mute(studentToken)).status).toBe(403);
    const staffToken = (await as(ta).live.join({ sessionId: s.id })).token;
    const other = await liveSession("Other room");
    const wrongRoom = await fetch(`${video.standIn.config.url}/twirp/livekit.RoomService/RemoveParticipant`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
      body: JSON.stringify({ room: other.id, identity: "x" }),
    });
    expect(wrongRoom.status).toBe(403);
    const forged = new live.RoomServiceClient(
      video.standIn.config.url,
      video.standIn.config.apiKey,
      "another-secret-another-secret-0123456789",
    );
    await expect(forged.removeParticipant(s.id, "x")).rejects.toMatchObject({ status: 401 });
    expect(callsFor(s.id)).toEqual([]);
  });

  test("moderation without video configured says how to enable it", async () => {
    const s = await liveSession();
    const err = await rejection(as(instructor, false).live.mute({ sessionId: s.id, identity: `${student.id}#a`, trackSid: "TR" }));
    expect(err.message).toMatch(/livekit-server --dev/);
  });
});

describe("attendance minutes", () => {
  test("overlapping intervals (two tabs) count once; an open interval runs to now", () => {
    const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 10, m));
    expect(
      live.minutesPresent(
        [
          { joinedAt: at(0), leftAt: at(10) },
          { joinedAt: at(5), leftAt: at(15) },
          { joinedAt: at(30), leftAt: null },
        ],
        at(40),
      ),
    ).toBe(25);
  });
});
