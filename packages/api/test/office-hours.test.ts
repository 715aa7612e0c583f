import { enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection, useLiveKitStandIn } from "./helpers.ts";

const t = useTestDatabase();
const video = useLiveKitStandIn(t);
const { as, verify } = video;
let instructor: UserRow;
let ta: UserRow;
let student: UserRow;
let classmate: UserRow;
let outsider: UserRow;
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  student = await makeUser(t.db, { name: "Sam Student" });
  classmate = await makeUser(t.db, { name: "Cleo Classmate" });
  outsider = await makeUser(t.db);
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  await enroll(t.db, courseId, student.id, "student");
  await enroll(t.db, courseId, classmate.id, "student");
});

/** Reads a stream's events as they come. */
function reader(stream: AsyncIterable<unknown>) {
  const it = stream[Symbol.asyncIterator]();
  return { next: async () => (await it.next()).value as any, close: () => it.return?.(undefined) };
}

describe("office hours", () => {
  test("a student asks any staff; the queue streams to staff; a TA accepts; only the two get tokens for a two-person room; ending closes it", async () => {
    const staffStream = reader(await as(ta).officeHours.events({ courseId }));
    const empty = await staffStream.next();
    expect(empty).toMatchObject({ staff: true, requests: [] });

    const asked = await as(student).officeHours.request({ courseId, topic: "  Recursion in lab 3  " });
    expect(asked).toMatchObject({
      status: "waiting",
      topic: "Recursion in lab 3",
      staff: null,
      student: { id: student.id, name: "Sam Student" },
    });
    const queued = await staffStream.next();
    expect(queued.requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
    // A student sees only their own request, and whom they may ask.
    const mine = await as(student).officeHours.queue({ courseId });
    expect(mine).toMatchObject({ staff: false, requests: [], mine: { id: asked.id } });
    expect(mine.staffMembers.map((s) => s.name)).toEqual(["Ada Instructor", "Tom TA"]);
    expect((await as(classmate).officeHours.queue({ courseId })).mine).toBeNull();

    // Nobody joins before a staff member accepts.
    expect((await rejection(as(student).officeHours.join({ requestId: asked.id }))).message).toMatch(/accepted this request yet/);
    const accepted = await as(ta).officeHours.accept({ requestId: asked.id });
    expect(accepted).toMatchObject({ status: "active", acceptedBy: { id: ta.id } });
    expect((await staffStream.next()).requests[0]).toMatchObject({ status: "active" });

    const room = `office-hours-${asked.id}`;
    for (const who of [student, ta]) {
      const joined = await as(who).officeHours.join({ requestId: asked.id });
      expect(joined.room).toBe(room);
      const claims = await verify(joined.token);
      expect(claims.sub).toBe(joined.identity);
      expect(claims.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublish: true });
      expect(claims.video?.roomAdmin).toBeFalsy();
      expect(JSON.parse(claims.metadata!)).toMatchObject({ userId: who.id });
    }
    // Only those two: not the instructor, a classmate, an outsider.
    for (const who of [instructor, classmate, outsider])
      expect((await rejection(as(who).officeHours.join({ requestId: asked.id }))).code).toBe("FORBIDDEN");
    // Without video the call says how to enable it.
    expect((await rejection(as(student, false).officeHours.join({ requestId: asked.id }))).message).toMatch(/LIVEKIT_URL/);

    // A classmate may not end someone else's call; the student may.
    expect((await rejection(as(classmate).officeHours.end({ requestId: asked.id }))).code).toBe("FORBIDDEN");
    video.standIn.rooms.set(room, [{ identity: `${student.id}#x` }]);
    const ended = await as(student).officeHours.end({ requestId: asked.id });
    expect(ended).toMatchObject({ status: "ended" });
    expect(video.standIn.calls.filter((c) => c.body.room === room).map((c) => c.method)).toEqual(["DeleteRoom"]);
    expect(video.standIn.rooms.has(room)).toBe(false);
    expect((await staffStream.next()).requests).toEqual([]);
    expect((await rejection(as(ta).officeHours.join({ requestId: asked.id }))).code).toBe("CONFLICT");
    await staffStream.close();
    expect((await t.sql`select action from audit_log where target_id = ${asked.id} order by id`).map((r) => r.action)).toEqual([
      "officeHours.accept",
      "officeHours.end",
    ]);
  });

  test("a request for a named staff member is theirs to accept; one open request per student; the student cancels", async () => {
    const asked = await as(classmate).officeHours.request({ courseId, topic: "Grading question", staffId: instructor.id });
    expect(asked.staff).toEqual({ id: instructor.id, name: "Ada Instructor" });
    const again = await rejection(as(classmate).officeHours.request({ courseId, topic: "Another" }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/already have an open request/);
    expect((await rejection(as(ta).officeHours.accept({ requestId: asked.id }))).message).toMatch(/another staff member/);
    expect((await rejection(as(student).officeHours.cancel({ requestId: asked.id }))).code).toBe("FORBIDDEN");
    expect((await as(classmate).officeHours.cancel({ requestId: asked.id })).status).toBe("cancelled");
    expect((await rejection(as(instructor).officeHours.accept({ requestId: asked.id }))).code).toBe("CONFLICT");
    // Cancelled: a new request may be made.
    const next = await as(classmate).officeHours.request({ courseId, topic: "Another" });
    await as(classmate).officeHours.cancel({ requestId: next.id });
  });

  test("two requests at once make one; bad input names the field; staff and outsiders do not ask", async () => {
    const both = await Promise.allSettled([
      as(student).officeHours.request({ courseId, topic: "A" }),
      as(student).officeHours.request({ courseId, topic: "B" }),
    ]);
    expect(
      both.filter((r) => r.status === "fulfilled"),
      JSON.stringify(both.map((r) => r.status === "rejected" && String(r.reason))),
    ).toHaveLength(1);
    expect(
      await t.sql`select count(*)::int as n from office_hour_requests where student_id = ${student.id} and status = 'waiting'`,
    ).toEqual([{ n: 1 }]);
    const long = await rejection(as(classmate).officeHours.request({ courseId, topic: "x".repeat(201) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toMatch(/topic.*limit is 200/);
    const notStaff = await rejection(as(classmate).officeHours.request({ courseId, topic: "Q", staffId: student.id }));
    expect(notStaff.message).toMatch(/staffId.*not an instructor or TA/);
    expect((await rejection(as(ta).officeHours.request({ courseId, topic: "Q" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).officeHours.request({ courseId, topic: "Q" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).officeHours.queue({ courseId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).officeHours.events({ courseId }))).code).toBe("FORBIDDEN");
  });
});
