import { createHash, randomUUID } from "node:crypto";
import { courseSessions } from "@codeclass/db";
import { actorFromUser, live } from "@codeclass/services";
import { enroll, makeCourse, makeUser, type UserRow } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { connectSourcesOf } from "../src/security-headers.ts";
import { useServer } from "./helpers.ts";

const apiKey = "webhook-test-key";
const apiSecret = "webhook-test-secret-0123456789-0123456789";
const server = useServer({ LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
const db = () => server.platform.db;

let instructor: UserRow;
let student: UserRow;
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(db(), { role: "instructor" });
  student = await makeUser(db(), { name: "Sam" });
  courseId = (await makeCourse(db(), instructor)).id;
  await enroll(db(), courseId, student.id, "student");
  startedAt = Math.floor(Date.now() / 1000);
});

async function liveSession() {
  const [row] = await db()
    .insert(courseSessions)
    .values({
      courseId,
      title: "Lecture",
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      status: "live",
      startedAt: new Date(),
    })
    .returning();
  return row!.id;
}

/** When the server was up, in seconds (fixed, so expected times match the ones sent). */
let startedAt = 0;
const ago = (seconds: number) => startedAt - seconds;

/** A LiveKit webhook event body (protobuf JSON, as LiveKit posts it). */
function event(kind: string, sessionId: string, createdAt: number, participant?: { user: UserRow; tab: string; role?: string }) {
  return JSON.stringify({
    event: kind,
    id: `EV_${randomUUID()}`,
    createdAt: String(createdAt),
    room: { sid: "RM_test", name: sessionId },
    ...(participant
      ? {
          participant: {
            sid: `PA_${participant.tab}`,
            identity: `${participant.user.id}#${participant.tab}`,
            metadata: JSON.stringify({ userId: participant.user.id, name: participant.user.name, role: participant.role ?? "student" }),
          },
        }
      : {}),
  });
}

/** LiveKit's signature: a JWT made with the API key and secret whose sha256 claim is the body's base64 SHA-256. */
async function sign(body: string, secret = apiSecret) {
  const at = new live.AccessToken(apiKey, secret, { ttl: "10m" });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return at.toJwt();
}

const deliver = async (body: string, authorization?: string) =>
  fetch(`${server.url}/api/livekit/webhook`, {
    method: "POST",
    headers: { "content-type": "application/webhook+json", ...(authorization ? { authorization } : {}) },
    body,
  });
const signedDelivery = async (body: string) => deliver(body, await sign(body));

const intervals = (sessionId: string) =>
  db().$client`select user_id, identity, left_at from session_attendance where session_id = ${sessionId} order by joined_at`;

describe("POST /api/livekit/webhook", () => {
  test("joins and leaves give attendance intervals: first join, last leave, minutes present (two tabs count once)", async () => {
    const s = await liveSession();
    const steps = [
      event("participant_joined", s, ago(240), { user: student, tab: "a" }),
      event("participant_joined", s, ago(180), { user: student, tab: "b" }),
      event("participant_joined", s, ago(170), { user: instructor, tab: "x", role: "instructor" }),
      event("participant_left", s, ago(120), { user: student, tab: "a" }),
      event("participant_left", s, ago(60), { user: student, tab: "b" }),
    ];
    for (const body of steps) {
      const res = await signedDelivery(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ applied: true });
    }
    const rows = await live.attendance(db(), actorFromUser(instructor), { sessionId: s });
    const sam = rows.find((r) => r.userId === student.id)!;
    expect(sam).toMatchObject({ present: false, minutes: 3 });
    expect(sam.firstJoinedAt.getTime()).toBe(ago(240) * 1000);
    expect(sam.lastLeftAt!.getTime()).toBe(ago(60) * 1000);
    expect(rows.find((r) => r.userId === instructor.id)).toMatchObject({ present: true, lastLeftAt: null });
  });

  test("a duplicate delivery (LiveKit retries) counts once", async () => {
    const s = await liveSession();
    const body = event("participant_joined", s, ago(30), { user: student, tab: "dup" });
    const auth = await sign(body);
    expect(await (await deliver(body, auth)).json()).toMatchObject({ applied: true });
    const again = await deliver(body, auth);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ applied: false, reason: "duplicate" });
    expect(await intervals(s)).toHaveLength(1);
  });

  test("forged, altered, unsigned and replayed deliveries are refused with 401 and change nothing", async () => {
    const s = await liveSession();
    const body = event("participant_joined", s, ago(10), { user: student, tab: "f" });
    const forged = await deliver(body, await sign(body, "a-different-secret-0123456789-0123456789"));
    expect(forged.status).toBe(401);
    const altered = await deliver(body.replace(`"${student.id}#f"`, `"${student.id}#g"`), await sign(body));
    expect(altered.status).toBe(401);
    expect(((await altered.json()) as { error: string }).error).toMatch(/sha256/);
    expect((await deliver(body)).status).toBe(401);
    const old = event("participant_joined", s, ago(10 * 60), { user: student, tab: "old" });
    const replayed = await signedDelivery(old);
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { error: string }).error).toMatch(/more than 5 minutes/);
    expect(await intervals(s)).toEqual([]);
    const [{ n }] = (await db().$client`select count(*)::int as n from livekit_webhook_events where room = ${s}`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(0);
  });

  test("room_finished ends the session and closes open intervals", async () => {
    const s = await liveSession();
    await signedDelivery(event("participant_joined", s, ago(100), { user: student, tab: "r" }));
    const res = await signedDelivery(event("room_finished", s, ago(5)));
    expect(await res.json()).toMatchObject({ applied: true, reason: "room_finished" });
    const [row] = await db().$client`select status, ended_at from course_sessions where id = ${s}`;
    expect(row!.status).toBe("ended");
    expect((await intervals(s))[0]!.left_at).not.toBeNull();
    const [audit] = await db().$client`select actor_id, action from audit_log where target_id = ${s}`;
    expect(audit).toMatchObject({ actor_id: null, action: "session.end" });
  });
});

describe("egress webhooks keep a recording current", () => {
  /** An egress event as LiveKit posts it: the EgressInfo in protobuf JSON (times in nanoseconds). */
  function egressEvent(kind: string, sessionId: string, egressId: string, createdAt: number, info: Record<string, unknown>) {
    return JSON.stringify({
      event: kind,
      id: `EV_${randomUUID()}`,
      createdAt: String(createdAt),
      egressInfo: { egressId, roomName: sessionId, roomId: "RM_test", ...info },
    });
  }
  const ns = (seconds: number) => String(BigInt(seconds) * 1_000_000_000n);
  const recording = async (egressId: string) =>
    (
      await db()
        .$client`select status, location, extract(epoch from started_at)::int as started_at, extract(epoch from ended_at)::int as ended_at from session_recordings where egress_id = ${egressId}`
    )[0];

  test("started, updated and ended set status, times and the file's location; a late or forged delivery changes nothing", async () => {
    const s = await liveSession();
    const egressId = `EG_${randomUUID().slice(0, 8)}`;
    await db().$client`insert into session_recordings (session_id, egress_id, status, filepath, status_at)
      values (${s}, ${egressId}, 'starting', 'codeclass/x.mp4', ${new Date(ago(200) * 1000).toISOString()})`;
    const started = egressEvent("egress_started", s, egressId, ago(120), { status: "EGRESS_ACTIVE", startedAt: ns(ago(121)) });
    expect(await (await signedDelivery(started)).json()).toEqual({ applied: true, reason: "egress_started" });
    expect(await recording(egressId)).toMatchObject({ status: "active", started_at: ago(121), ended_at: null });

    const late = egressEvent("egress_updated", s, egressId, ago(20), { status: "EGRESS_ENDING" });
    const ended = egressEvent("egress_ended", s, egressId, ago(10), {
      status: "EGRESS_COMPLETE",
      startedAt: ns(ago(121)),
      endedAt: ns(ago(11)),
      fileResults: [{ filename: "x.mp4", location: "https://s3.example/lectures/codeclass/x.mp4" }],
    });
    expect((await signedDelivery(ended)).status).toBe(200);
    expect(await recording(egressId)).toMatchObject({
      status: "complete",
      location: "https://s3.example/lectures/codeclass/x.mp4",
      ended_at: ago(11),
    });
    // An older update delivered after the end does not reopen it.
    expect(await (await signedDelivery(late)).json()).toMatchObject({ applied: false });
    expect((await recording(egressId))!.status).toBe("complete");
    // A forged delivery is refused before it is read.
    const forged = egressEvent("egress_updated", s, egressId, ago(1), { status: "EGRESS_FAILED", error: "forged" });
    expect((await deliver(forged, await sign(forged, "a-different-secret-0123456789-0123456789"))).status).toBe(401);
    expect((await recording(egressId))!.status).toBe("complete");
  });
});

describe("the pages may reach LiveKit", () => {
  test("the Content-Security-Policy lets browsers connect to the LiveKit URL (its ws: origin and http: twin), nothing wider", async () => {
    const res = await fetch(`${server.url}/healthz`);
    const connect = (res.headers.get("content-security-policy") ?? "").split("; ").find((d) => d.startsWith("connect-src "))!;
    expect(connect.split(" ")).toEqual(expect.arrayContaining(["'self'", "ws://127.0.0.1:7880", "http://127.0.0.1:7880"]));
    expect(connect).not.toMatch(/\s(ws:|http:|https:|wss:|\*)(\s|$)/);
  });

  test("secure LiveKit URLs give wss: and https:; paths are dropped; an IPv6 literal or a malformed URL gives nothing", () => {
    expect(connectSourcesOf("wss://video.school.test/livekit")).toEqual(["wss://video.school.test", "https://video.school.test"]);
    expect(connectSourcesOf("https://video.school.test:8443")).toEqual(["wss://video.school.test:8443", "https://video.school.test:8443"]);
    expect(connectSourcesOf("ws://[::1]:7880")).toEqual([]);
    expect(connectSourcesOf("not a url")).toEqual([]);
  });
});
