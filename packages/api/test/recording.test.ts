import { live } from "@codeclass/services";
import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection, useLiveKitStandIn } from "./helpers.ts";

const t = useTestDatabase();
const video = useLiveKitStandIn(t);
let instructor: UserRow;
let ta: UserRow;
let student: UserRow;
let outsider: UserRow;
let courseId: string;

const storage = {
  bucket: "lectures",
  region: "eu-west-1",
  endpoint: "http://127.0.0.1:9000",
  accessKey: "rec-key",
  secret: "rec-secret",
  forcePathStyle: true,
};

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  student = await makeUser(t.db, { name: "Sam Student" });
  outsider = await makeUser(t.db);
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  await enroll(t.db, courseId, student.id, "student");
});

/** A caller on a server with video and (unless told otherwise) recording configured against the stand-in. */
const as = (user: UserRow | null, recording = true) =>
  callerFor(t.db, user, { livekit: { ...video.standIn.config, recording: recording ? storage : null } });

async function liveSession() {
  const s = await as(instructor).session.create({ courseId, title: "Lecture", startsAt: new Date(), durationMinutes: 60 });
  await as(instructor).session.start({ sessionId: s.id });
  return s.id;
}

const egressCalls = (method: string) => video.standIn.calls.filter((c) => c.method === method);
const audit = async (sessionId: string) =>
  (await t.sql`select action from audit_log where target_id = ${sessionId} and action like '%Recording' order by id`).map((r) => r.action);

describe("recording", () => {
  test("staff start a room-composite egress to the configured bucket, then stop it; members list it; both audited", async () => {
    const sessionId = await liveSession();
    const started = await as(ta).live.startRecording({ sessionId });
    expect(started).toMatchObject({ sessionId, status: "starting", endedAt: null, stopRequestedAt: null });
    expect(started.egressId).toMatch(/^EG_/);
    // The stand-in accepted a call signed with the roomRecord grant, for this room, writing an MP4 to the bucket.
    const [call] = egressCalls("StartRoomCompositeEgress").filter((c) => c.body.roomName === sessionId);
    expect(call!.grant).toMatchObject({ roomRecord: true });
    const file = video.standIn.egresses.get(started.egressId)!.file;
    expect(file.filepath).toBe(started.filepath);
    expect(file.filepath).toMatch(new RegExp(`^codeclass/${courseId}/${sessionId}/.*\\.mp4$`));
    expect(file.s3).toMatchObject({ bucket: "lectures", region: "eu-west-1", endpoint: "http://127.0.0.1:9000", forcePathStyle: true });

    // One at a time.
    const again = await rejection(as(instructor).live.startRecording({ sessionId }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/already being recorded/);

    const listed = await as(student).live.recordings({ sessionId });
    expect(listed.configured).toBe(true);
    expect(listed.recordings.map((r) => r.id)).toEqual([started.id]);
    // The storage keys never reach members.
    expect(JSON.stringify(listed)).not.toContain("rec-secret");

    const stopped = await as(instructor).live.stopRecording({ recordingId: started.id });
    expect(stopped).toMatchObject({ id: started.id, status: "ending" });
    expect(stopped.stopRequestedAt).toBeInstanceOf(Date);
    expect(egressCalls("StopEgress").map((c) => c.body.egressId)).toContain(started.egressId);
    expect((await rejection(as(instructor).live.stopRecording({ recordingId: started.id }))).message).toMatch(/already stopped/);
    expect(await audit(sessionId)).toEqual(["live.startRecording", "live.stopRecording"]);

    // A new recording may start once the first is stopped.
    const second = await as(instructor).live.startRecording({ sessionId });
    expect((await as(ta).live.recordings({ sessionId })).recordings.map((r) => r.id)).toEqual([second.id, started.id]);
  });

  test("students and outsiders may not record; outsiders may not list; nothing reaches LiveKit", async () => {
    const sessionId = await liveSession();
    const before = video.standIn.calls.length;
    expect((await rejection(as(student).live.startRecording({ sessionId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).live.startRecording({ sessionId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).live.recordings({ sessionId }))).code).toBe("FORBIDDEN");
    const rec = await as(instructor).live.startRecording({ sessionId });
    expect((await rejection(as(student).live.stopRecording({ recordingId: rec.id }))).code).toBe("FORBIDDEN");
    expect(video.standIn.calls.length).toBe(before + 1);
    expect(video.standIn.egresses.get(rec.egressId)!.status).toBe("EGRESS_STARTING");
  });

  test("without recording storage, or outside a live session, starting says why and calls nothing", async () => {
    const sessionId = await liveSession();
    const before = video.standIn.calls.length;
    const off = await rejection(as(instructor, false).live.startRecording({ sessionId }));
    expect(off.code).toBe("BAD_REQUEST");
    expect(off.message).toMatch(/LIVEKIT_RECORDING_S3_BUCKET/);
    expect((await as(student, false).live.recordings({ sessionId })).configured).toBe(false);
    const scheduled = await as(instructor).session.create({ courseId, title: "Later", startsAt: new Date(), durationMinutes: 30 });
    expect((await rejection(as(instructor).live.startRecording({ sessionId: scheduled.id }))).message).toMatch(/not live/);
    expect(video.standIn.calls.length).toBe(before);
  });

  test("the stand-in refuses egress calls without the roomRecord grant or with a forged signature", async () => {
    const forged = new live.EgressClient(video.standIn.config.url, video.standIn.config.apiKey, "not-the-secret-0123456789-0123456789");
    await expect(forged.listEgress({})).rejects.toThrow();
    expect(video.standIn.rejected.at(-1)).toMatchObject({ method: "ListEgress", reason: expect.stringMatching(/invalid token/) });
    const res = await fetch(`${video.standIn.config.url}/twirp/livekit.Egress/ListEgress`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await (
          () => {
            const at = new live.AccessToken(video.standIn.config.apiKey, video.standIn.config.apiSecret, { ttl: "1m" });
            at.addGrant({ roomAdmin: true, room: "x" });
            return at.toJwt();
          }
        )()}`,
      },
      body: "{}",
    });
    expect(res.status).toBe(403);
    const good = new live.EgressClient(video.standIn.config.url, video.standIn.config.apiKey, video.standIn.config.apiSecret);
    expect((await good.listEgress({ active: true })).length).toBeGreaterThan(0);
  });
});
