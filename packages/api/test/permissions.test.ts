import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { createCollabServer } from "@codeclass/collab";
import { courseTemplates } from "@codeclass/db";
import {
  type CourseRow,
  callerFor,
  editWorkspace,
  enroll,
  type LiveKitStandIn,
  makeCourse,
  makeSession,
  makeUser,
  startLiveKitStandIn,
  testAuth,
  type UserRow,
  useTestDatabase,
} from "@codeclass/test-utils";
import { afterAll, describe, expect, test } from "vitest";
import { callPath, rejection, routerProcedurePaths, snapshot, takesCourseId, unique } from "./helpers.ts";
import { type MatrixColumn, matrixColumns, readMatrix } from "./permission-matrix.ts";

// The spec is read at run time so the doc and the router cannot drift apart.
const docPath = path.join(import.meta.dirname, "../../../docs/permissions.md");
const matrix = readMatrix(docPath);
const t = useTestDatabase();

/** One fresh course with a member of each kind, plus one caller per column of the doc. */
interface World {
  course: CourseRow;
  instructor: UserRow;
  ta: UserRow;
  student: UserRow;
  actors: Record<MatrixColumn, UserRow | null>;
}

async function makeWorld(): Promise<World> {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor);
  const ta = await makeUser(t.db);
  await enroll(t.db, course.id, ta.id, "ta");
  const student = await makeUser(t.db);
  await enroll(t.db, course.id, student.id, "student");
  // The "other" callers are members of another course, just not of this one.
  const otherInstructor = await makeUser(t.db, { role: "instructor" });
  const otherCourse = await makeCourse(t.db, otherInstructor);
  const otherStudent = await makeUser(t.db);
  await enroll(t.db, otherCourse.id, otherStudent.id, "student");
  const actors: Record<MatrixColumn, UserRow | null> = {
    admin: await makeUser(t.db, { role: "admin" }),
    "instructor (own)": instructor,
    "instructor (other)": otherInstructor,
    ta,
    "student (enrolled)": student,
    "student (other)": otherStudent,
    anonymous: null,
  };
  return { course, instructor, ta, student, actors };
}

/** A fresh student of the world's course, for calls that change someone's enrollment. */
async function enrolledStudent(w: World) {
  const target = await makeUser(t.db);
  await enroll(t.db, w.course.id, target.id, "student");
  return target;
}

const auditOf = (targetId: string) => t.sql`select actor_id, action from audit_log where target_id = ${targetId} order by id`;

const enrollmentOf = async (courseId: string, userId: string) =>
  t.sql`select role from enrollments where course_id = ${courseId} and user_id = ${userId}`;

/** Inputs and results differ per procedure. */
type Any = any;

/** How to call a procedure with valid input for the world's course, and what success looks like. */
interface Scenario {
  input(w: World): Promise<unknown> | unknown;
  /** How to call it when a plain call is not enough (subscriptions: the first event; a call that needs the caller's real session). */
  call?(caller: ReturnType<typeof callerFor>, input: Any, actor: UserRow | null): Promise<unknown>;
  /** After a `yes`: the result and the database show the call's effect. */
  effect(w: World, actor: UserRow | null, input: Any, result: Any): Promise<void> | void;
}

const hello = [{ path: "main.py", content: "print(input())" }];

/** A queued run owned by the world's enrolled student (run.input, run.cancel and run.events act on it). */
async function studentRun(w: World) {
  return callerFor(t.db, w.student).run.start({ courseId: w.course.id, language: "python", files: hello });
}

/** The enrolled student's own workspace, with one logged edit (workspace.get/history act on it). */
async function studentWorkspace(w: World) {
  const ws = await callerFor(t.db, w.student).workspace.getOrCreate({ courseId: w.course.id });
  await t.sql`insert into workspace_updates (workspace_id, author_id, update, bytes, inserted_chars)
    values (${ws.id}, ${w.student.id}, ${Buffer.from([0, 0])}, 2, 0)`;
  return ws;
}

const isStaff = (w: World, actor: UserRow | null) => actor?.role === "admin" || actor?.id === w.instructor.id || actor?.id === w.ta.id;

/** Turns the course's join code or link on (as its instructor) and returns the secret to type or follow. */
async function joinSecretOn(w: World, kind: "code" | "link") {
  const settings = await callerFor(t.db, w.instructor).invite.update({ courseId: w.course.id, kind, enabled: true });
  return settings[kind]!.secret;
}

/** Who joining with a student code leaves with which role: members keep theirs, everyone else becomes a student. */
const roleAfterJoining = (w: World, actor: UserRow | null) =>
  actor?.id === w.instructor.id ? "instructor" : actor?.id === w.ta.id ? "ta" : "student";

const secretsBefore = new WeakMap<World, string>();

/** A past day the activity scenarios count: no other scenario's runs fall on it. */
const activityDay = "2025-03-04";

/** A finished python run of the enrolled student at noon (UTC) of `activityDay`. */
async function activityRun(w: World) {
  await t.sql`insert into runs (user_id, course_id, language, files, files_hash, status, verdict, created_at)
    values (${w.student.id}, ${w.course.id}, 'python', '[]'::jsonb, 'x', 'finished', 'OK', ${`${activityDay}T12:00:00Z`})`;
}

/** A checked import of one new student of the world's course (or of `email`), uploaded by another admin. */
async function storedImport(w: World, email = `imp-${unique()}@school.test`) {
  const uploader = await makeUser(t.db, { role: "admin" });
  const { importId } = await callerFor(t.db, uploader).admin.importUpload({
    csv: `email,name,course\n${email},Imported,${w.course.code}\n`,
  });
  return { importId };
}

/** LiveKit's server API for the live.* scenarios: a local stand-in that checks each call's signed grants. */
let standIn: Promise<LiveKitStandIn> | undefined;
const liveKit = () => (standIn ??= startLiveKitStandIn());
afterAll(async () => (await standIn)?.close());

/** Calls the procedure as `actor` on a server whose video is configured (the stand-in). */
const withVideo = (path: string) => async (_caller: unknown, input: Any, actor: UserRow | null) =>
  callPath(callerFor(t.db, actor, { livekit: (await liveKit()).config }), path, input);

/** Calls the procedure as `actor` on a server with video and recording storage configured (the stand-in). */
const withRecording = (path: string) => async (_caller: unknown, input: Any, actor: UserRow | null) =>
  callPath(
    callerFor(t.db, actor, {
      livekit: {
        ...(await liveKit()).config,
        recording: { bucket: "rec", region: "us-east-1", endpoint: null, accessKey: "k", secret: "s", forcePathStyle: false },
      },
    }),
    path,
    input,
  );

/** The enrolled student's office-hours request in the world's course: waiting, or accepted by `acceptedBy`. */
async function officeHoursRequest(w: World, acceptedBy?: string) {
  const [row] = await t.sql`insert into office_hour_requests (course_id, student_id, topic, status, accepted_by, accepted_at)
    values (${w.course.id}, ${w.student.id}, 'Loops', ${acceptedBy ? "active" : "waiting"}, ${acceptedBy ?? null}, ${acceptedBy ? new Date().toISOString() : null})
    returning id`;
  return row!.id as string;
}
const officeHoursRow = async (id: string) => (await t.sql`select * from office_hour_requests where id = ${id}`)[0]!;

/** A session of the world's course, live unless told otherwise. */
async function courseSession(w: World, status: "scheduled" | "live" = "live") {
  const [row] = await t.sql`insert into course_sessions (course_id, title, starts_at, ends_at, status, started_at)
    values (${w.course.id}, 'Lecture', now(), now() + interval '1 hour', ${status}, case when ${status} = 'live' then now() end) returning id`;
  return row!.id as string;
}

/** A live session whose room holds the enrolled student (connection "p"). */
async function sessionWithStudent(w: World) {
  const sessionId = await courseSession(w);
  const identity = `${w.student.id}#p`;
  (await liveKit()).rooms.set(sessionId, [{ identity, metadata: JSON.stringify({ userId: w.student.id, name: "S", role: "student" }) }]);
  return { sessionId, identity };
}

/** A live session where the enrolled student said something in the chat and raised their hand. */
async function sessionFloor(w: World) {
  const sessionId = await courseSession(w);
  const [m] =
    await t.sql`insert into session_messages (session_id, author_id, body) values (${sessionId}, ${w.student.id}, 'a question') returning id`;
  await t.sql`insert into session_hands (session_id, user_id) values (${sessionId}, ${w.student.id})`;
  return { sessionId, messageId: Number(m!.id) };
}

/** A live session with an open single-choice poll, asked by the course's instructor. */
async function sessionPoll(w: World) {
  const sessionId = await courseSession(w);
  const poll = await callerFor(t.db, w.instructor).polls.create({
    sessionId,
    kind: "single",
    question: "Which is a prime?",
    options: ["4", "7"],
    correct: [1],
  });
  return { sessionId, pollId: poll.id };
}

/** A live session with an open code question (python, one test) and the enrolled student's workspace holding an answer. */
async function sessionCodePoll(w: World) {
  const sessionId = await courseSession(w);
  await t.db.insert(courseTemplates).values({
    courseId: w.course.id,
    files: [{ path: "main.py", content: "print(input())\n" }],
    language: "python",
    entry: "main.py",
  });
  const ws = await callerFor(t.db, w.student).workspace.getOrCreate({ courseId: w.course.id });
  const poll = await callerFor(t.db, w.instructor).pollCode.create({
    sessionId,
    question: "Echo the line",
    code: { language: "python", tests: [{ stdin: "hi\n", expected: "hi\n" }] },
  });
  return { sessionId, pollId: poll.id, workspaceId: ws.id };
}

/** A question in the world's course bank, saved from a poll. */
async function bankQuestion(w: World) {
  const { sessionId, pollId } = await sessionPoll(w);
  const q = await callerFor(t.db, w.instructor).pollBank.save({ pollId });
  return { sessionId, questionId: q.id };
}

const pollRow = async (id: string) => (await t.sql`select status, results_revealed from session_polls where id = ${id}`)[0]!;

const openHand = async (sessionId: string, userId: string) =>
  (await t.sql`select 1 from session_hands where session_id = ${sessionId} and user_id = ${userId} and lowered_at is null`).length > 0;

/** A live session split round-robin into two groups by its instructor (the enrolled student in group 1). */
async function sessionBreakout(w: World) {
  const sessionId = await courseSession(w);
  await callerFor(t.db, w.instructor).breakouts.create({ sessionId, method: "round-robin", groupCount: 2 });
  return sessionId;
}

const breakoutRow = async (sessionId: string) =>
  (
    await t.sql`select id, ends_at, closed_at, closed_by from session_breakouts where session_id = ${sessionId} order by created_at desc limit 1`
  )[0]!;

/** The first event of a subscription (or of `next` when the stream waits for something to happen). */
async function firstEvent(stream: unknown, meanwhile?: () => Promise<unknown>) {
  const it = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const first = it.next();
  if (meanwhile) {
    await new Promise((r) => setTimeout(r, 100));
    await meanwhile();
  }
  const { value, done } = await first;
  await it.return?.(undefined);
  if (done) throw new Error("the stream ended without an event");
  return value;
}

/** A real collaboration server (no socket needed: the API edits documents through it) for workspace.sendFile. */
let collabServer: ReturnType<typeof createCollabServer> | undefined;
const collab = () => (collabServer ??= createCollabServer({ db: t.db, auth: testAuth(t.db).auth, snapshotDebounceMs: 50 }));
afterAll(async () => collabServer?.close());

/** The enrolled student's (empty) workspace, then a course demo holding hello.py (through the course template). */
async function demoWithFile(w: World) {
  const mine = await callerFor(t.db, w.student).workspace.getOrCreate({ courseId: w.course.id });
  await t.sql`insert into course_templates (course_id, files) values (${w.course.id}, ${JSON.stringify([{ path: "hello.py", content: "print(1)\n" }])}::jsonb)`;
  const demo = await callerFor(t.db, w.instructor).workspace.getOrCreateDemo({ courseId: w.course.id });
  return { studentWorkspaceId: mine.id, demoId: demo!.id };
}

const sessionRow = async (id: string) => (await t.sql`select * from course_sessions where id = ${id}`)[0]!;
const liveAudit = async (id: string) => (await auditOf(id)).map((r) => r.action);

/** An assignment of the world's course, with a visible and a hidden test. */
async function courseAssignment(w: World) {
  const staff = callerFor(t.db, w.instructor);
  const { id } = await staff.assignment.create({ courseId: w.course.id, title: "Echo", languages: ["python"] });
  await staff.assignment.setTests({
    assignmentId: id,
    tests: [
      { name: "one", stdin: "1", expected: "1" },
      { name: "secret-test", stdin: "secret-input", expected: "secret-input", visibility: "hidden" },
    ],
  });
  return id;
}

/** The enrolled student's queued submission of a course assignment. */
async function studentSubmission(w: World) {
  const assignmentId = await courseAssignment(w);
  const ws = await callerFor(t.db, w.student).assignment.workspace({ assignmentId });
  await editWorkspace(t.db, ws.id, w.student.id, hello, "python");
  const { submissionId } = await callerFor(t.db, w.student).assignment.submit({ assignmentId });
  return { assignmentId, submissionId };
}

const scenarios: Record<string, Scenario> = {
  "assignment.list": {
    input: async (w) => {
      await courseAssignment(w);
      return { courseId: w.course.id };
    },
    effect: (_w, _a, _i, result) => expect(result.map((a: { title: string }) => a.title)).toEqual(["Echo"]),
  },
  "assignment.get": {
    input: async (w) => ({ assignmentId: await courseAssignment(w) }),
    effect: (w, actor, _i, result) => {
      expect(result).toMatchObject({ title: "Echo", maxScore: 2 });
      if (isStaff(w, actor)) expect(JSON.stringify(result)).toContain("secret-input");
      else expect(JSON.stringify(result)).not.toContain("secret");
    },
  },
  "assignment.create": {
    input: (w) => ({ courseId: w.course.id, title: "Primes", languages: ["c"] }),
    async effect(_w, actor, input, result) {
      expect(await t.sql`select title, created_by from assignments where id = ${result.id}`).toEqual([
        { title: "Primes", created_by: actor!.id },
      ]);
      expect((await auditOf(result.id)).map((r) => r.action)).toEqual(["assignment.create"]);
      expect(input.title).toBe("Primes");
    },
  },
  "assignment.update": {
    input: async (w) => ({ assignmentId: await courseAssignment(w), title: "Echo 2" }),
    async effect(_w, _a, input) {
      expect(await t.sql`select title from assignments where id = ${input.assignmentId}`).toEqual([{ title: "Echo 2" }]);
    },
  },
  "assignment.setTests": {
    input: async (w) => ({ assignmentId: await courseAssignment(w), tests: [{ name: "only", expected: "x" }] }),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ changed: true });
      expect(await t.sql`select name from assignment_tests where assignment_id = ${input.assignmentId}`).toEqual([{ name: "only" }]);
    },
  },
  "assignment.setExtension": {
    input: async (w) => ({ assignmentId: await courseAssignment(w), userId: w.student.id, dueAt: new Date("2031-01-01T00:00:00Z") }),
    async effect(w, _a, input) {
      expect(await t.sql`select user_id from assignment_extensions where assignment_id = ${input.assignmentId}`).toEqual([
        { user_id: w.student.id },
      ]);
    },
  },
  "assignment.workspace": {
    input: async (w) => ({ assignmentId: await courseAssignment(w) }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ kind: "student", owner: { id: actor!.id } });
      expect(await t.sql`select assignment_id, owner_id from workspaces where id = ${result.id}`).toEqual([
        { assignment_id: input.assignmentId, owner_id: actor!.id },
      ]);
    },
  },
  "assignment.submit": {
    input: async (w) => {
      const assignmentId = await courseAssignment(w);
      const ws = await callerFor(t.db, w.student).assignment.workspace({ assignmentId });
      await editWorkspace(t.db, ws.id, w.student.id, hello, "python");
      return { assignmentId };
    },
    async effect(_w, actor, _i, result) {
      expect(await t.sql`select user_id, status, files from submissions where id = ${result.submissionId}`).toEqual([
        { user_id: actor!.id, status: "queued", files: hello },
      ]);
    },
  },
  "assignment.submission": {
    input: async (w) => ({ submissionId: (await studentSubmission(w)).submissionId }),
    effect: (w, _a, input, result) => expect(result).toMatchObject({ id: input.submissionId, userId: w.student.id, status: "queued" }),
  },
  "assignment.submissions": {
    input: async (w) => ({ assignmentId: (await studentSubmission(w)).assignmentId }),
    effect: (w, _a, _i, result) => expect(result.map((s: { userId: string }) => s.userId)).toEqual([w.student.id]),
  },
  "assignment.submissionEvents": {
    input: async (w) => ({ submissionId: (await studentSubmission(w)).submissionId }),
    call: async (caller, input) => firstEvent(await caller.assignment.submissionEvents(input)),
    effect: (_w, _a, _i, first) => expect(first).toMatchObject({ data: { type: "status", submission: { status: "queued" } } }),
  },
  "assignment.regrade": {
    input: async (w) => ({ assignmentId: await courseAssignment(w) }),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ total: 0, done: 0 });
      expect(await t.sql`select total from assignment_regrades where assignment_id = ${input.assignmentId}`).toEqual([{ total: 0 }]);
    },
  },
  "assignment.regradeProgress": {
    input: async (w) => ({ assignmentId: await courseAssignment(w) }),
    effect: (_w, _a, _i, result) => expect(result).toEqual({ testsVersion: 1, latest: null }),
  },
  "assignment.gradebook": {
    input: async (w) => {
      await studentSubmission(w);
      return { courseId: w.course.id };
    },
    effect: (w, _a, _i, result) => expect(result.rows.map((r: { userId: string }) => r.userId)).toEqual([w.student.id]),
  },
  "assignment.gradebookCsv": {
    input: async (w) => {
      await courseAssignment(w);
      return { courseId: w.course.id };
    },
    effect: (w, _a, _i, result) => expect(result.csv).toContain(w.student.email),
  },
  "assignment.setOverride": {
    input: async (w) => ({ assignmentId: await courseAssignment(w), userId: w.student.id, score: 1.5, reason: "late enrolment" }),
    async effect(w, actor, input) {
      expect(await t.sql`select score, reason, set_by from grade_overrides where assignment_id = ${input.assignmentId}`).toEqual([
        { score: 1.5, reason: "late enrolment", set_by: actor!.id },
      ]);
      expect(w.student.id).toBe(input.userId);
    },
  },
  "assignment.review": {
    input: async (w) => ({ assignmentId: (await studentSubmission(w)).assignmentId }),
    effect: (w, _a, _i, result) =>
      expect(result).toEqual([expect.objectContaining({ userId: w.student.id, grade: expect.objectContaining({ status: "submitted" }) })]),
  },
  "assignment.similarity": {
    input: async (w) => ({ assignmentId: (await studentSubmission(w)).assignmentId }),
    // One submission: nothing to pair it with.
    effect: (_w, _a, _i, result) => expect(result).toMatchObject({ compared: 1, pairs: [], students: {} }),
  },

  "session.list": {
    input: async (w) => {
      await courseSession(w);
      return { courseId: w.course.id };
    },
    effect: (_w, _a, _i, result) => expect(result.length).toBeGreaterThan(0),
  },
  "session.get": {
    input: async (w) => ({ sessionId: await courseSession(w) }),
    effect: (w, _a, input, result) => expect(result).toMatchObject({ id: input.sessionId, courseId: w.course.id, status: "live" }),
  },
  "session.create": {
    input: (w) => ({ courseId: w.course.id, title: "Week 2", startsAt: new Date("2030-02-01T09:00:00Z"), durationMinutes: 60 }),
    async effect(_w, actor, _i, result) {
      expect(await sessionRow(result.id)).toMatchObject({ title: "Week 2", status: "scheduled", created_by: actor!.id });
      expect(await liveAudit(result.id)).toEqual(["session.create"]);
    },
  },
  "session.update": {
    input: async (w) => ({ sessionId: await courseSession(w, "scheduled"), title: "Renamed" }),
    async effect(_w, _a, input) {
      expect(await sessionRow(input.sessionId)).toMatchObject({ title: "Renamed" });
    },
  },
  "session.start": {
    input: async (w) => ({ sessionId: await courseSession(w, "scheduled") }),
    async effect(_w, _a, input) {
      expect(await sessionRow(input.sessionId)).toMatchObject({ status: "live" });
      expect(await liveAudit(input.sessionId)).toEqual(["session.start"]);
    },
  },
  "session.end": {
    input: async (w) => ({ sessionId: (await sessionWithStudent(w)).sessionId }),
    call: (c, i, a) => withVideo("session.end")(c, i, a),
    async effect(_w, _a, input) {
      expect(await sessionRow(input.sessionId)).toMatchObject({ status: "ended" });
      expect((await liveKit()).calls.filter((c) => c.body.room === input.sessionId).map((c) => c.method)).toEqual(["DeleteRoom"]);
    },
  },
  "live.join": {
    input: async (w) => ({ sessionId: await courseSession(w) }),
    call: (c, i, a) => withVideo("live.join")(c, i, a),
    effect: (_w, actor, input, result) => {
      expect(result).toMatchObject({ room: input.sessionId });
      expect(result.identity.startsWith(`${actor!.id}#`)).toBe(true);
    },
  },
  "live.renew": {
    input: async (w) => ({ sessionId: await courseSession(w) }),
    call: (c, i, a) => withVideo("live.renew")(c, { ...i, identity: `${a?.id ?? "nobody"}#tab` }, a),
    effect: (_w, actor, _i, result) => expect(result.identity).toBe(`${actor!.id}#tab`),
  },
  "live.mute": {
    input: async (w) => {
      const { sessionId, identity } = await sessionWithStudent(w);
      return { sessionId, identity, trackSid: "TR_mic" };
    },
    call: (c, i, a) => withVideo("live.mute")(c, i, a),
    async effect(_w, _a, input) {
      expect((await liveKit()).calls.filter((c) => c.body.room === input.sessionId).map((c) => c.method)).toEqual(["MutePublishedTrack"]);
      expect(await liveAudit(input.sessionId)).toEqual(["live.mute"]);
    },
  },
  "live.remove": {
    input: async (w) => sessionWithStudent(w),
    call: (c, i, a) => withVideo("live.remove")(c, i, a),
    async effect(_w, _a, input) {
      expect((await liveKit()).calls.filter((c) => c.body.room === input.sessionId).map((c) => c.method)).toEqual([
        "ListParticipants",
        "RemoveParticipant",
      ]);
      expect(await liveAudit(input.sessionId)).toEqual(["live.keepOut", "live.remove"]);
      expect((await sessionRow(input.sessionId)).removed_users).toEqual([input.identity.split("#")[0]]);
    },
  },
  "live.readmit": {
    input: async (w) => {
      const sessionId = await courseSession(w);
      await t.sql`update course_sessions set removed_users = array[${w.student.id}] where id = ${sessionId}`;
      return { sessionId, userId: w.student.id };
    },
    async effect(_w, _a, input) {
      expect((await sessionRow(input.sessionId)).removed_users).toEqual([]);
      expect(await liveAudit(input.sessionId)).toEqual(["live.readmit"]);
    },
  },
  "live.removed": {
    input: async (w) => {
      const sessionId = await courseSession(w);
      await t.sql`update course_sessions set removed_users = array[${w.student.id}] where id = ${sessionId}`;
      return { sessionId };
    },
    effect: (w, _a, _i, result) => expect(result).toEqual([{ userId: w.student.id, name: w.student.name }]),
  },
  "live.setStudentMedia": {
    input: async (w) => ({ sessionId: (await sessionWithStudent(w)).sessionId, allowed: true }),
    call: (c, i, a) => withVideo("live.setStudentMedia")(c, i, a),
    async effect(_w, _a, input, result) {
      expect(result).toEqual({ studentMedia: true, updatedParticipants: 1 });
      expect(await liveAudit(input.sessionId)).toEqual(["live.allowStudentMedia"]);
    },
  },
  "live.setScreenShare": {
    input: async (w) => ({ sessionId: (await sessionWithStudent(w)).sessionId, userId: w.student.id, allowed: true }),
    call: (c, i, a) => withVideo("live.setScreenShare")(c, i, a),
    async effect(w, _a, input) {
      expect(await sessionRow(input.sessionId)).toMatchObject({ screen_share_grants: [w.student.id] });
      expect(await liveAudit(input.sessionId)).toEqual(["live.grantScreenShare"]);
    },
  },
  "live.attendance": {
    input: async (w) => {
      const sessionId = await courseSession(w);
      await t.sql`insert into session_attendance (session_id, user_id, identity, joined_at) values (${sessionId}, ${w.student.id}, ${`${w.student.id}#a`}, now())`;
      return { sessionId };
    },
    effect: (w, _a, _i, result) => expect(result.map((r: { userId: string }) => r.userId)).toEqual([w.student.id]),
  },
  "live.startRecording": {
    input: async (w) => ({ sessionId: await courseSession(w) }),
    call: (c, i, a) => withRecording("live.startRecording")(c, i, a),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ sessionId: input.sessionId, status: "starting" });
      expect((await liveKit()).calls.filter((c) => c.body.roomName === input.sessionId).map((c) => c.method)).toEqual([
        "StartRoomCompositeEgress",
      ]);
      expect(await liveAudit(input.sessionId)).toEqual(["live.startRecording"]);
    },
  },
  "live.stopRecording": {
    input: async (w) => {
      const sessionId = await courseSession(w);
      const [row] = await t.sql`insert into session_recordings (session_id, egress_id, status, filepath)
        values (${sessionId}, ${`EG_${unique()}`}, 'active', 'codeclass/x.mp4') returning id`;
      return { recordingId: row!.id as string };
    },
    call: (c, i, a) => withRecording("live.stopRecording")(c, i, a),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ id: input.recordingId });
      expect(result.stopRequestedAt).toBeInstanceOf(Date);
      const [row] = await t.sql`select stopped_by, session_id from session_recordings where id = ${input.recordingId}`;
      expect(row!.stopped_by).toBe(actor!.id);
      expect(await liveAudit(row!.session_id)).toEqual(["live.stopRecording"]);
    },
  },
  "live.recordings": {
    input: async (w) => {
      const sessionId = await courseSession(w);
      await t.sql`insert into session_recordings (session_id, egress_id, status, filepath) values (${sessionId}, ${`EG_${unique()}`}, 'complete', 'codeclass/y.mp4')`;
      return { sessionId };
    },
    effect: (_w, _a, _i, result) => expect(result.recordings.map((r: { filepath: string }) => r.filepath)).toEqual(["codeclass/y.mp4"]),
  },
  "officeHours.request": {
    input: (w) => ({ courseId: w.course.id, topic: "Help with loops" }),
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({ status: "waiting", student: { id: actor!.id } });
      expect(await t.sql`select topic from office_hour_requests where course_id = ${w.course.id}`).toEqual([{ topic: "Help with loops" }]);
    },
  },
  "officeHours.cancel": {
    input: async (w) => ({ requestId: await officeHoursRequest(w) }),
    effect: async (_w, _a, input) => expect((await officeHoursRow(input.requestId)).status).toBe("cancelled"),
  },
  "officeHours.accept": {
    input: async (w) => ({ requestId: await officeHoursRequest(w) }),
    async effect(_w, actor, input) {
      expect(await officeHoursRow(input.requestId)).toMatchObject({ status: "active", accepted_by: actor!.id });
      expect((await auditOf(input.requestId)).map((r) => r.action)).toEqual(["officeHours.accept"]);
    },
  },
  "officeHours.end": {
    input: async (w) => ({ requestId: await officeHoursRequest(w, w.instructor.id) }),
    call: (c, i, a) => withVideo("officeHours.end")(c, i, a),
    async effect(_w, actor, input) {
      expect(await officeHoursRow(input.requestId)).toMatchObject({ status: "ended", ended_by: actor!.id });
      expect((await auditOf(input.requestId)).map((r) => r.action)).toEqual(["officeHours.end"]);
    },
  },
  "officeHours.join": {
    input: async (w) => ({ requestId: await officeHoursRequest(w, w.instructor.id) }),
    call: (c, i, a) => withVideo("officeHours.join")(c, i, a),
    effect: (_w, actor, input, result) => {
      expect(result).toMatchObject({ room: `office-hours-${input.requestId}` });
      expect(result.identity.startsWith(`${actor!.id}#`)).toBe(true);
    },
  },
  "officeHours.queue": {
    input: async (w) => {
      await officeHoursRequest(w);
      return { courseId: w.course.id };
    },
    effect: (w, actor, _i, result) =>
      actor!.id === w.student.id
        ? expect(result.mine).toMatchObject({ student: { id: w.student.id } })
        : expect(result.requests.map((r: { student: { id: string } }) => r.student.id)).toEqual([w.student.id]),
  },
  "officeHours.events": {
    input: async (w) => {
      await officeHoursRequest(w);
      return { courseId: w.course.id };
    },
    call: async (caller, input) => firstEvent(await (caller as Any).officeHours.events(input)),
    effect: (w, actor, _i, result) =>
      actor!.id === w.student.id
        ? expect(result.mine).toMatchObject({ student: { id: w.student.id } })
        : expect(result.requests.map((r: { student: { id: string } }) => r.student.id)).toEqual([w.student.id]),
  },
  "chat.send": {
    input: async (w) => ({ sessionId: await courseSession(w), body: "hello <b>class</b>" }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ body: "hello <b>class</b>", author: { id: actor!.id }, deleted: false });
      expect(await t.sql`select body from session_messages where session_id = ${input.sessionId}`).toEqual([
        { body: "hello <b>class</b>" },
      ]);
    },
  },
  "chat.delete": {
    input: async (w) => sessionFloor(w),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ id: input.messageId, deleted: true, body: null });
      expect(await t.sql`select deleted_by from session_messages where id = ${input.messageId}`).toEqual([{ deleted_by: actor!.id }]);
    },
  },
  "chat.history": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    effect: (w, _a, _i, result) =>
      expect(result.messages).toEqual([
        expect.objectContaining({ body: "a question", author: expect.objectContaining({ id: w.student.id }) }),
      ]),
  },
  "chat.events": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    call: async (caller, input) => firstEvent(await caller.chat.events(input)),
    // A tracked event: [change number, message].
    effect: (_w, _a, _i, first) => expect((first as unknown[])[1]).toMatchObject({ body: "a question" }),
  },
  "hands.raise": {
    input: async (w) => ({ sessionId: await courseSession(w) }),
    async effect(_w, actor, input, result) {
      expect(result.mine).toMatchObject({ raised: true, position: 1 });
      expect(await openHand(input.sessionId, actor!.id)).toBe(true);
    },
  },
  "hands.lower": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    async effect(w, actor, input, result) {
      expect(result.mine).toEqual({ raised: false });
      // Only one's own hand: the student's stays up unless the student lowered it.
      expect(await openHand(input.sessionId, w.student.id)).toBe(actor!.id !== w.student.id);
    },
  },
  "hands.lowerFor": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId, userId: w.student.id }),
    async effect(_w, actor, input, result) {
      expect(result.queue).toEqual([]);
      expect(await t.sql`select lowered_by from session_hands where session_id = ${input.sessionId}`).toEqual([{ lowered_by: actor!.id }]);
    },
  },
  "hands.lowerAll": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    async effect(w, _a, input, result) {
      expect(result).toMatchObject({ lowered: 1, queue: [] });
      expect(await openHand(input.sessionId, w.student.id)).toBe(false);
    },
  },
  "hands.state": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    effect: (w, actor, _i, result) =>
      isStaff(w, actor)
        ? expect(result.queue).toEqual([expect.objectContaining({ userId: w.student.id, position: 1 })])
        : expect(result).toMatchObject({ queue: null, mine: { raised: true, position: 1 } }),
  },
  "hands.events": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    call: async (caller, input) => firstEvent(await caller.hands.events(input)),
    effect: (w, actor, _i, first) =>
      isStaff(w, actor)
        ? expect(first.queue).toEqual([expect.objectContaining({ userId: w.student.id, position: 1 })])
        : expect(first).toMatchObject({ queue: null, mine: { raised: true, position: 1 } }),
  },
  "reactions.send": {
    input: async (w) => ({ sessionId: await courseSession(w), emoji: "👏" }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ emoji: "👏", id: expect.any(String) });
      expect(
        await t.sql`select count from session_reaction_counts where session_id = ${input.sessionId} and user_id = ${actor!.id}`,
      ).toEqual([{ count: 1 }]);
    },
  },
  "reactions.events": {
    // The enrolled student reacts once the caller follows the session.
    input: async (w) => ({ sessionId: await courseSession(w), student: w.student }),
    call: async (caller, input) =>
      firstEvent(await caller.reactions.events({ sessionId: input.sessionId }), () =>
        callerFor(t.db, input.student).reactions.send({ sessionId: input.sessionId, emoji: "🎉" }),
      ),
    effect: (_w, _a, _i, first) => expect(first).toMatchObject({ emoji: "🎉" }),
  },
  "polls.create": {
    input: async (w) => ({
      sessionId: await courseSession(w),
      kind: "multiple",
      question: "Which run in a browser?",
      options: ["JS", "C"],
    }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ kind: "multiple", status: "open", results: { respondents: 0, counts: [0, 0] } });
      expect(await t.sql`select author_id, question from session_polls where session_id = ${input.sessionId}`).toEqual([
        { author_id: actor!.id, question: "Which run in a browser?" },
      ]);
    },
  },
  "polls.close": {
    input: async (w) => ({ pollId: (await sessionPoll(w)).pollId }),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ status: "closed", resultsRevealed: false });
      expect(await pollRow(input.pollId)).toEqual({ status: "closed", results_revealed: false });
    },
  },
  "polls.reveal": {
    input: async (w) => ({ pollId: (await sessionPoll(w)).pollId }),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ status: "closed", resultsRevealed: true, correct: [1] });
      expect(await pollRow(input.pollId)).toEqual({ status: "closed", results_revealed: true });
    },
  },
  "polls.answer": {
    input: async (w) => ({ pollId: (await sessionPoll(w)).pollId, options: [1] }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ mine: { options: [1] }, results: null, correct: null });
      expect(await t.sql`select user_id, answer from session_poll_answers where poll_id = ${input.pollId}`).toEqual([
        { user_id: actor!.id, answer: { options: [1] } },
      ]);
    },
  },
  "polls.list": {
    input: async (w) => ({ sessionId: (await sessionPoll(w)).sessionId }),
    effect: (w, actor, _i, result) =>
      expect(result).toEqual([
        expect.objectContaining(
          isStaff(w, actor)
            ? { question: "Which is a prime?", correct: [1], results: { respondents: 0, counts: [0, 0], answers: null } }
            : { question: "Which is a prime?", correct: null, results: null },
        ),
      ]),
  },
  "polls.events": {
    input: async (w) => ({ sessionId: (await sessionPoll(w)).sessionId }),
    call: async (caller, input) => firstEvent(await caller.polls.events(input)),
    // A tracked event: [change number, poll].
    effect: (_w, _a, _i, first) => expect((first as unknown[])[1]).toMatchObject({ question: "Which is a prime?", status: "open" }),
  },
  "pollCode.create": {
    input: async (w) => ({
      sessionId: await courseSession(w),
      question: "Sum two numbers",
      code: { language: "python", starter: "", tests: [{ stdin: "1 2\n", expected: "3\n" }] },
    }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ kind: "code", code: { language: "python", testCount: 1 } });
      expect(
        await t.sql`select p.author_id, c.language from session_polls p join session_poll_code c on c.poll_id = p.id where p.session_id = ${input.sessionId}`,
      ).toEqual([{ author_id: actor!.id, language: "python" }]);
    },
  },
  "pollCode.answer": {
    input: async (w) => {
      const { pollId, workspaceId } = await sessionCodePoll(w);
      return { pollId, workspaceId, path: "main.py" };
    },
    async effect(_w, actor, input, result) {
      expect(result.code.mine).toMatchObject({ path: "main.py", total: 1, pending: true });
      expect(await t.sql`select user_id, total from session_poll_code_answers where poll_id = ${input.pollId}`).toEqual([
        { user_id: actor!.id, total: 1 },
      ]);
      expect(await t.sql`select count(*)::int as n from session_poll_code_runs where poll_id = ${input.pollId}`).toEqual([{ n: 1 }]);
    },
  },
  "pollCode.myFiles": {
    input: async (w) => ({ pollId: (await sessionCodePoll(w)).pollId }),
    effect(w, actor, _i, result) {
      // Only the enrolled student has a workspace in the course here; everyone else gets none.
      if (actor?.id === w.student.id) expect(result.files).toEqual([{ path: "main.py", runnable: true }]);
      else expect(result).toEqual({ workspaceId: null, entry: null, files: [] });
    },
  },
  "pollBank.save": {
    input: async (w) => ({ pollId: (await sessionPoll(w)).pollId }),
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({
        courseId: w.course.id,
        kind: "single",
        question: "Which is a prime?",
        options: ["4", "7"],
        correct: [1],
      });
      expect(await t.sql`select author_id from course_poll_questions where id = ${result.id}`).toEqual([{ author_id: actor!.id }]);
    },
  },
  "pollBank.list": {
    input: async (w) => {
      await bankQuestion(w);
      return { courseId: w.course.id, search: "prime" };
    },
    effect: (_w, _a, _i, result) => expect(result.map((q: { question: string }) => q.question)).toEqual(["Which is a prime?"]),
  },
  "pollBank.update": {
    input: async (w) => ({
      questionId: (await bankQuestion(w)).questionId,
      question: "Which is prime?",
      options: ["9", "11", "15"],
      correct: [1],
    }),
    async effect(_w, _a, input) {
      expect(await t.sql`select question, options, correct from course_poll_questions where id = ${input.questionId}`).toEqual([
        { question: "Which is prime?", options: ["9", "11", "15"], correct: [1] },
      ]);
    },
  },
  "pollBank.remove": {
    input: async (w) => ({ questionId: (await bankQuestion(w)).questionId }),
    async effect(_w, _a, input) {
      expect(await t.sql`select id from course_poll_questions where id = ${input.questionId}`).toEqual([]);
    },
  },
  "pollBank.launch": {
    input: async (w) => {
      const { questionId } = await bankQuestion(w);
      return { questionId, sessionId: await courseSession(w) };
    },
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ sessionId: input.sessionId, question: "Which is a prime?", status: "open" });
      expect(await t.sql`select author_id from session_polls where session_id = ${input.sessionId}`).toEqual([{ author_id: actor!.id }]);
    },
  },
  "dashboard.get": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    effect: (w, _a, _i, result) => expect(result.students).toMatchObject([{ userId: w.student.id, chatMessages: 1, hands: 1 }]),
  },
  "dashboard.follow": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    call: async (caller, input) => firstEvent(await caller.dashboard.follow(input)),
    effect: (w, _a, _i, first) => expect(first).toMatchObject({ students: [{ userId: w.student.id, chatMessages: 1 }] }),
  },
  "dashboard.csv": {
    input: async (w) => ({ sessionId: (await sessionFloor(w)).sessionId }),
    effect: (_w, _a, _i, result) => expect(result.csv.split("\r\n")[0]).toMatch(/^name,email,present,/),
  },
  "dashboard.reportSpeakers": {
    input: async (w) => ({ sessionId: await courseSession(w), identities: [`${w.student.id}#tab`] }),
    async effect(w, _a, input) {
      expect(await t.sql`select speakers from session_speaker_state where session_id = ${input.sessionId}`).toEqual([
        { speakers: [w.student.id] },
      ]);
    },
  },
  "breakouts.create": {
    input: async (w) => ({ sessionId: await courseSession(w), method: "round-robin", groupCount: 2 }),
    async effect(w, actor, input, result) {
      expect(result.breakout.groups.map((g: Any) => g.members.map((m: Any) => m.userId))).toEqual([[w.student.id], []]);
      expect(await breakoutRow(input.sessionId)).toMatchObject({ closed_at: null });
      expect(await t.sql`select actor_id, action from audit_log where target_id = ${input.sessionId}`).toEqual([
        { actor_id: actor!.id, action: "breakout.create" },
      ]);
    },
  },
  "breakouts.move": {
    input: async (w) => ({ sessionId: await sessionBreakout(w), userId: w.student.id, group: 2 }),
    async effect(w, _a, input) {
      const [row] = await t.sql`select g.number from breakout_members m join breakout_groups g on g.id = m.group_id
        where m.breakout_id = ${(await breakoutRow(input.sessionId)).id} and m.user_id = ${w.student.id}`;
      expect(row).toEqual({ number: 2 });
    },
  },
  "breakouts.broadcast": {
    input: async (w) => ({ sessionId: await sessionBreakout(w), body: "Two minutes left" }),
    async effect(_w, actor, input) {
      expect(
        await t.sql`select author_id, body from breakout_broadcasts where breakout_id = ${(await breakoutRow(input.sessionId)).id}`,
      ).toEqual([{ author_id: actor!.id, body: "Two minutes left" }]);
    },
  },
  "breakouts.setTimer": {
    input: async (w) => ({ sessionId: await sessionBreakout(w), minutes: 5 }),
    async effect(_w, _a, input, result) {
      expect((await breakoutRow(input.sessionId)).ends_at).not.toBeNull();
      expect(result.breakout.endsAt).not.toBeNull();
    },
  },
  "breakouts.recall": {
    input: async (w) => ({ sessionId: await sessionBreakout(w) }),
    async effect(_w, actor, input, result) {
      expect(result.breakout).toBeNull();
      expect(await breakoutRow(input.sessionId)).toMatchObject({ closed_by: actor!.id });
    },
  },
  "breakouts.pool": {
    input: async (w) => ({ sessionId: await sessionBreakout(w) }),
    effect: (w, _actor, _i, result) => expect(result.students.map((s: Any) => s.userId)).toContain(w.student.id),
  },
  "breakouts.state": {
    input: async (w) => ({ sessionId: await sessionBreakout(w) }),
    effect: (w, actor, _i, result) =>
      expect(result.breakout.groups.map((g: Any) => g.number)).toEqual(actor?.id === w.student.id ? [1] : [1, 2]),
  },
  "breakouts.events": {
    input: async (w) => ({ sessionId: await sessionBreakout(w) }),
    call: async (caller, input) => firstEvent(await caller.breakouts.events(input)),
    effect: (w, actor, _i, first) =>
      expect((first as Any).breakout.groups.map((g: Any) => g.number)).toEqual(actor?.id === w.student.id ? [1] : [1, 2]),
  },
  "workspace.getOrCreate": {
    input: (w) => ({ courseId: w.course.id }),
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({ courseId: w.course.id, kind: "student", owner: { id: actor!.id }, readOnly: false });
      expect(result.documentName).toBe(`workspace:${result.id}`);
      expect(await t.sql`select owner_id, kind from workspaces where id = ${result.id}`).toEqual([
        { owner_id: actor!.id, kind: "student" },
      ]);
    },
  },
  "workspace.getOrCreateDemo": {
    // The instructor opened the demo first, so every member finds it.
    input: async (w) => {
      await callerFor(t.db, w.instructor).workspace.getOrCreateDemo({ courseId: w.course.id });
      return { courseId: w.course.id };
    },
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({ courseId: w.course.id, kind: "demo", owner: null, readOnly: !isStaff(w, actor) });
      expect(await t.sql`select count(*)::int as n from workspaces where course_id = ${w.course.id} and kind = 'demo'`).toEqual([{ n: 1 }]);
    },
  },
  "workspace.get": {
    input: async (w) => ({ workspaceId: (await studentWorkspace(w)).id }),
    effect: (w, _a, input, result) =>
      expect(result).toMatchObject({ id: input.workspaceId, kind: "student", owner: { id: w.student.id }, readOnly: false }),
  },
  "workspace.roster": {
    input: (w) => ({ courseId: w.course.id }),
    async effect(w, _a, _i, result) {
      expect(result.map((r: { userId: string }) => r.userId)).toEqual([w.student.id]);
      expect(result[0].recentRuns).toEqual({ finished: 0, failing: 0, failingStreak: 0 });
      expect(await t.sql`select id from workspaces where course_id = ${w.course.id} and owner_id = ${w.student.id}`).toEqual([
        { id: result[0].workspace.id },
      ]);
    },
  },
  "workspace.history": {
    input: async (w) => ({ workspaceId: (await studentWorkspace(w)).id }),
    effect: (w, _a, _i, result) =>
      expect(result.updates).toMatchObject([{ author: { id: w.student.id }, bytes: 2, insertedChars: 0, large: false }]),
  },
  "workspace.setTemplate": {
    input: async (w) => ({ courseId: w.course.id, workspaceId: (await studentWorkspace(w)).id }),
    async effect(w, actor, input) {
      expect(await t.sql`select source_workspace_id, updated_by from course_templates where course_id = ${w.course.id}`).toEqual([
        { source_workspace_id: input.workspaceId, updated_by: actor!.id },
      ]);
    },
  },
  "workspace.sendFile": {
    input: async (w) => {
      const { studentWorkspaceId, demoId } = await demoWithFile(w);
      return { sessionId: await courseSession(w), workspaceId: demoId, path: "hello.py", studentWorkspaceId };
    },
    call: (_c, { studentWorkspaceId: _, ...input }, actor) =>
      callPath(callerFor(t.db, actor, { workspaceEditor: { edit: collab().editWorkspace } }), "workspace.sendFile", input),
    async effect(w, actor, input, result) {
      expect(result).toMatchObject({ students: 1, created: 1, failed: 0, results: [{ userId: w.student.id, path: "hello.py" }] });
      expect(
        await t.sql`select author_id from workspace_updates where workspace_id = ${input.studentWorkspaceId} and source = 'sent'`,
      ).toEqual([{ author_id: actor!.id }]);
      expect(await liveAudit(input.sessionId)).toEqual(["workspace.sendFile"]);
    },
  },
  "whiteboard.setStudents": {
    input: async (w) => ({ sessionId: await courseSession(w), allowed: true }),
    async effect(_w, _a, input, result) {
      expect(result).toEqual({ sessionId: input.sessionId, whiteboardStudents: true });
      expect(await sessionRow(input.sessionId)).toMatchObject({ whiteboard_students: true });
      expect(await liveAudit(input.sessionId)).toEqual(["whiteboard.allowStudents"]);
    },
  },
  "run.languages": {
    input: () => undefined,
    effect: (_w, _a, _i, result) =>
      expect(result.languages.map((l: { id: string }) => l.id)).toEqual(["c", "cpp", "python", "java", "go", "javascript", "typescript"]),
  },
  "run.start": {
    input: (w) => ({ courseId: w.course.id, language: "python", files: hello }),
    async effect(w, actor, _i, result) {
      expect(await t.sql`select user_id, course_id, status from runs where id = ${result.runId}`).toEqual([
        { user_id: actor!.id, course_id: w.course.id, status: "queued" },
      ]);
      expect(
        await t.sql`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'run_code' and j.payload->>'runId' = ${result.runId}`,
      ).toEqual([{ n: 1 }]);
    },
  },
  "run.listMine": {
    input: (w) => ({ courseId: w.course.id }),
    effect: (_w, _a, _i, result) => expect(Array.isArray(result)).toBe(true),
  },
  "run.input": {
    input: async (w) => ({ runId: (await studentRun(w)).runId, data: "Ada\n" }),
    async effect(_w, _a, input) {
      expect(await t.sql`select data, eof from run_inputs where run_id = ${input.runId}`).toEqual([{ data: "Ada\n", eof: false }]);
    },
  },
  "run.cancel": {
    input: async (w) => ({ runId: (await studentRun(w)).runId }),
    async effect(_w, _a, input) {
      expect(await t.sql`select cancel_requested from runs where id = ${input.runId}`).toEqual([{ cancel_requested: true }]);
    },
  },
  "run.events": {
    input: async (w) => ({ runId: (await studentRun(w)).runId }),
    async call(caller, input) {
      const stream = await caller.run.events(input);
      for await (const event of stream as AsyncIterable<unknown>) return event;
      throw new Error("the stream ended without an event");
    },
    // A tracked event: [id, data] (the id is what a reconnecting client resumes from).
    effect: (_w, _a, _i, first) => expect((first as unknown[]).slice(0, 2)).toEqual(["1", { type: "status", status: "queued" }]),
  },
  "run.watchWorkspace": {
    // The instructor started a run in the enrolled student's workspace: it is the first thing announced.
    input: async (w) => {
      const ws = await studentWorkspace(w);
      const [run] = await t.sql`insert into runs (user_id, course_id, workspace_id, language, files, files_hash)
        values (${w.instructor.id}, ${w.course.id}, ${ws.id}, 'python', '[]'::jsonb, 'x') returning id`;
      return { workspaceId: ws.id, runId: run!.id };
    },
    async call(caller, input) {
      const stream = await caller.run.watchWorkspace({ workspaceId: input.workspaceId });
      for await (const event of stream as AsyncIterable<unknown>) return event;
      throw new Error("the stream ended without an event");
    },
    effect: (w, _a, input, first) =>
      expect(first).toMatchObject({
        runId: input.runId,
        startedBy: { id: w.instructor.id, name: w.instructor.name },
        language: "python",
        status: "queued",
        createdAt: expect.any(Date),
      }),
  },
  "admin.importPreview": {
    input: (w) => ({ csv: `email,name,course\nnew-${unique()}@school.test,New Student,${w.course.code}\n` }),
    async effect(w, _a, input, result) {
      expect(result).toMatchObject({ problemCount: 0, summary: { kind: "roster", users: { new: 1 }, enrollments: { new: 1 } } });
      const email = input.csv.split("\n")[1].split(",")[0];
      expect(await t.sql`select id from "user" where email = ${email}`).toEqual([]);
      expect(w.course.id).toBeTruthy();
    },
  },
  "admin.importCommit": {
    input: (w) => ({ csv: `email,name,course\nnew-${unique()}@school.test,New Student,${w.course.code}\n` }),
    async effect(w, _a, input, result) {
      expect(result).toMatchObject({ committed: true, problemCount: 0 });
      const email = input.csv.split("\n")[1].split(",")[0];
      const [created] = await t.sql`select id from "user" where email = ${email}`;
      expect(await enrollmentOf(w.course.id, created!.id)).toEqual([{ role: "student" }]);
    },
  },
  "admin.importUpload": {
    input: (w) => ({ csv: `email,name,course\nnew-${unique()}@school.test,New Student,${w.course.code}\n` }),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ problemCount: 0, summary: { kind: "roster", users: { new: 1 } } });
      expect(await t.sql`select actor_id, status, csv from imports where id = ${result.importId}`).toEqual([
        { actor_id: actor!.id, status: "previewed", csv: input.csv },
      ]);
      expect(await t.sql`select id from "user" where email = ${input.csv.split("\n")[1].split(",")[0]}`).toEqual([]);
    },
  },
  "admin.importStart": {
    input: (w) => storedImport(w),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ importId: input.importId, status: "queued" });
      const jobs =
        await t.sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
        where k.identifier = 'import_commit' and j.payload->>'importId' = ${input.importId}`;
      expect(jobs).toHaveLength(1);
    },
  },
  "admin.importCancel": {
    input: (w) => storedImport(w),
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ importId: input.importId, status: "cancelled" });
      expect(await auditOf(input.importId)).toEqual([{ actor_id: actor!.id, action: "import.cancel" }]);
    },
  },
  "admin.importGet": {
    input: (w) => storedImport(w),
    effect: (_w, _a, input, result) =>
      expect(result).toMatchObject({ importId: input.importId, status: "previewed", problemCount: 0, progress: { done: 0, total: 0 } }),
  },
  "admin.importDownload": {
    input: async (w) => ({ ...(await storedImport(w, "not-an-address")), file: "errors" }),
    effect: (_w, _a, _i, result) => expect(result.csv).toMatch(/^line,column,problem\r\n2,email,must be a valid address/),
  },
  "admin.importProgress": {
    input: (w) => storedImport(w),
    async call(caller, input) {
      const stream = await caller.admin.importProgress(input);
      for await (const event of stream as AsyncIterable<unknown>) return event;
      throw new Error("the stream ended without an event");
    },
    // A tracked event: [id, data]; the id is the import's version.
    effect: (_w, _a, input, first) =>
      expect((first as unknown[]).slice(0, 2)).toEqual(["1", expect.objectContaining({ importId: input.importId, status: "previewed" })]),
  },
  "admin.users": {
    input: (w) => ({ q: w.student.email }),
    effect: (w, _a, _i, result) =>
      expect(result).toMatchObject({ total: 1, users: [{ id: w.student.id, role: "student", disabled: false }] }),
  },
  "admin.setRole": {
    input: async () => ({ userId: (await makeUser(t.db)).id, role: "instructor" }),
    async effect(_w, actor, input) {
      expect(await t.sql`select role from "user" where id = ${input.userId}`).toEqual([{ role: "instructor" }]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.setRole" }]);
    },
  },
  "admin.disable": {
    input: async () => {
      const target = await makeUser(t.db);
      await makeSession(t.db, target.id);
      return { userId: target.id };
    },
    async effect(_w, actor, input) {
      expect(await t.sql`select banned from "user" where id = ${input.userId}`).toEqual([{ banned: true }]);
      expect(await t.sql`select id from session where user_id = ${input.userId}`).toEqual([]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.disable" }]);
    },
  },
  "admin.enable": {
    input: async () => {
      const target = await makeUser(t.db);
      await t.sql`update "user" set banned = true, ban_reason = 'test' where id = ${target.id}`;
      return { userId: target.id };
    },
    async effect(_w, actor, input) {
      expect(await t.sql`select banned, ban_reason from "user" where id = ${input.userId}`).toEqual([{ banned: false, ban_reason: null }]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.enable" }]);
    },
  },
  "admin.sendResetLink": {
    input: async () => ({ userId: (await makeUser(t.db)).id }),
    async effect(_w, actor, input, result) {
      const [target] = await t.sql`select email from "user" where id = ${input.userId}`;
      expect(result).toEqual({ sentTo: target!.email });
      // better-auth's reset token for the account (what the mailed link carries).
      expect(
        await t.sql`select count(*)::int as n from verification where value = ${input.userId} and identifier like 'reset-password:%'`,
      ).toEqual([{ n: 1 }]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.sendResetLink" }]);
    },
  },
  "admin.impersonate": {
    input: async () => ({ userId: (await makeUser(t.db)).id }),
    // better-auth starts the impersonation from the caller's own session: a signed-in caller sends its token.
    async call(caller, input, actor) {
      if (!actor) return caller.admin.impersonate(input);
      const credentials = new Headers({ authorization: `Bearer ${await makeSession(t.db, actor.id)}` });
      return callerFor(t.db, actor, { credentials, resHeaders: new Headers() }).admin.impersonate(input);
    },
    async effect(_w, actor, input, result) {
      expect(result).toMatchObject({ user: { id: input.userId }, impersonatedBy: actor!.id });
      expect(await t.sql`select impersonated_by from session where user_id = ${input.userId}`).toEqual([{ impersonated_by: actor!.id }]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.impersonate" }]);
    },
  },
  "admin.stopImpersonating": {
    input: () => undefined,
    // The caller is an impersonation session: an admin impersonates the column's user, and that session
    // (better-auth's cookies, the admin's kept-aside session among them) asks to stop. An admin's own session is not one.
    async call(caller, _input, actor) {
      if (!actor || actor.role === "admin") return caller.admin.stopImpersonating();
      const admin = await makeUser(t.db, { role: "admin" });
      const started = new Headers();
      const adminCredentials = new Headers({ authorization: `Bearer ${await makeSession(t.db, admin.id)}` });
      await callerFor(t.db, admin, { credentials: adminCredentials, resHeaders: started }).admin.impersonate({ userId: actor.id });
      // As a browser keeps them: a later Set-Cookie of the same name replaces the earlier, an empty one clears it.
      const jar = new Map<string, string>();
      for (const line of started.getSetCookie()) {
        const [name, value] = line.split(";")[0]!.split(/=(.*)/s) as [string, string];
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
      const resHeaders = new Headers();
      const result = await callerFor(t.db, actor, { credentials: new Headers({ cookie }), resHeaders }).admin.stopImpersonating();
      return { ...result, setCookie: resHeaders.getSetCookie() };
    },
    async effect(_w, actor, _i, result) {
      expect(result).toMatchObject({ userId: actor!.id, adminId: expect.any(String) });
      expect(result.setCookie.some((c: string) => c.includes("session_token="))).toBe(true);
      expect(await t.sql`select count(*)::int as n from session where user_id = ${actor!.id} and impersonated_by is not null`).toEqual([
        { n: 0 },
      ]);
      expect(await auditOf(actor!.id)).toEqual([
        { actor_id: result.adminId, action: "user.impersonate" },
        { actor_id: result.adminId, action: "user.stopImpersonating" },
      ]);
    },
  },
  "admin.deleteUser": {
    input: async () => ({ userId: (await makeUser(t.db)).id }),
    async effect(_w, actor, input) {
      expect(await t.sql`select id from "user" where id = ${input.userId}`).toEqual([]);
      expect(await auditOf(input.userId)).toEqual([{ actor_id: actor!.id, action: "user.delete" }]);
    },
  },
  "admin.courses": {
    input: (w) => ({ q: w.course.code }),
    effect: (w, _a, _i, result) =>
      expect(result).toMatchObject({
        total: 1,
        courses: [{ id: w.course.id, instructors: [{ id: w.instructor.id }], students: 1, tas: 1 }],
      }),
  },
  "admin.audit": {
    input: async (w) => {
      await t.sql`insert into audit_log (actor_id, action, target_type, target_id) values (${w.instructor.id}, 'course.update', 'course', ${w.course.id})`;
      return { targetId: w.course.id };
    },
    effect: (w, _a, _i, result) =>
      expect(result).toMatchObject({ total: 1, entries: [{ actorId: w.instructor.id, action: "course.update", targetId: w.course.id }] }),
  },
  "admin.apiKeys": {
    input: async (w) => {
      const [key] = await t.sql`insert into api_keys (name, prefix, key_hash, created_by, course_id)
        values ('grader', 'cc_j0_abcdef', ${unique()}, ${w.instructor.id}, ${w.course.id}) returning id`;
      return { keyId: key!.id as string };
    },
    call: (caller) => caller.admin.apiKeys(),
    effect(w, _a, input, result) {
      const mine = result.find((k: { id: string }) => k.id === input.keyId);
      expect(mine).toMatchObject({ name: "grader", prefix: "cc_j0_abcdef", revokedAt: null, course: { id: w.course.id } });
      expect(mine).not.toHaveProperty("keyHash");
    },
  },
  "admin.createApiKey": {
    input: (w) => ({ name: "autograder", courseId: w.course.id, requestsPerMinute: 30 }),
    async effect(w, actor, _input, result) {
      expect(result.key).toMatch(/^cc_j0_[\w-]{43}$/);
      const rows = await t.sql`select key_hash, prefix, created_by, course_id, requests_per_minute from api_keys where id = ${result.id}`;
      expect(rows).toEqual([
        {
          key_hash: createHash("sha256").update(result.key).digest("hex"),
          prefix: result.key.slice(0, 12),
          created_by: actor!.id,
          course_id: w.course.id,
          requests_per_minute: 30,
        },
      ]);
      expect(await auditOf(result.id)).toEqual([{ actor_id: actor!.id, action: "apiKey.create" }]);
    },
  },
  "admin.revokeApiKey": {
    input: async (w) => {
      const [key] = await t.sql`insert into api_keys (name, prefix, key_hash, created_by, course_id)
        values ('old', 'cc_j0_abcdef', ${unique()}, ${w.instructor.id}, ${w.course.id}) returning id`;
      return { keyId: key!.id as string };
    },
    async effect(_w, actor, input, result) {
      expect(result.revokedAt).toBeInstanceOf(Date);
      expect(await t.sql`select revoked_at is not null as revoked from api_keys where id = ${input.keyId}`).toEqual([{ revoked: true }]);
      expect(await auditOf(input.keyId)).toEqual([{ actor_id: actor!.id, action: "apiKey.revoke" }]);
    },
  },
  "admin.auditCsv": {
    input: async (w) => {
      await t.sql`insert into audit_log (actor_id, action, target_type, target_id) values (${w.instructor.id}, 'course.update', 'course', ${w.course.id})`;
      return { targetId: w.course.id };
    },
    effect(w, _a, _i, result) {
      expect(result).toMatchObject({ rows: 1, truncated: false });
      expect(result.csv).toContain(`,course.update,course,${w.course.id},`);
    },
  },
  "activity.platform": {
    input: async (w) => {
      await activityRun(w);
      return { from: activityDay, to: activityDay, timeZone: "UTC" };
    },
    effect(_w, _a, _i, result) {
      expect(result.totals.runs).toBeGreaterThanOrEqual(1);
      expect(result.activeStudents).toEqual([{ day: activityDay, students: expect.any(Number) }]);
    },
  },
  "activity.course": {
    input: async (w) => {
      await activityRun(w);
      return { courseId: w.course.id, from: activityDay, to: activityDay, timeZone: "UTC" };
    },
    effect: (_w, _a, _i, result) =>
      expect(result).toMatchObject({
        totals: { activeStudents: 1, runs: 1, edits: 0 },
        activeStudents: [{ day: activityDay, students: 1 }],
      }),
  },
  "activity.csv": {
    input: async (w) => {
      await activityRun(w);
      return { chart: "runsByLanguage", courseId: w.course.id, from: activityDay, to: activityDay, timeZone: "UTC" };
    },
    effect: (_w, _a, _i, result) => expect(result.csv).toBe(`day,total,python\r\n${activityDay},1,1\r\n`),
  },
  "monitor.overview": {
    input: () => undefined,
    // A bare API caller has no server monitor: no live figures, but the latest runs from the database.
    effect: (_w, _a, _i, result) => expect(result).toMatchObject({ live: null, recentRuns: expect.any(Array) }),
  },
  "system.config": {
    input: () => undefined,
    effect: (_w, _a, _i, result) => expect(result).toEqual({ socialProviders: [], version: "test" }),
  },
  "me.get": {
    input: () => undefined,
    effect: (_w, actor, _i, result) => expect(result).toMatchObject({ id: actor!.id, email: actor!.email, role: actor!.role }),
  },
  "me.updateProfile": {
    input: () => ({ name: `Renamed ${unique()}`, bio: "Likes proofs" }),
    async effect(_w, actor, input) {
      expect(await t.sql`select name, bio from "user" where id = ${actor!.id}`).toEqual([{ name: input.name, bio: input.bio }]);
    },
  },
  "me.dashboard": {
    input: () => undefined,
    effect(w, actor, _i, result) {
      // The world's course shows for its members only, on the side their course role puts it.
      const role = actor === w.student ? "taking" : actor === w.instructor || actor === w.ta ? "teaching" : null;
      for (const side of ["taking", "teaching"] as const)
        expect(
          result[side].some((c: { id: string }) => c.id === w.course.id),
          side,
        ).toBe(side === role);
    },
  },
  "me.history": {
    input: async (w) => {
      await t.sql`insert into runs (user_id, course_id, language, files, files_hash, status, verdict)
        values (${w.student.id}, ${w.course.id}, 'python', '[]'::jsonb, 'x', 'finished', 'OK')`;
      return { courseId: w.course.id };
    },
    // Only the caller's own runs: the enrolled student's run is theirs alone.
    effect: (w, actor, _i, result) => expect(result.total).toBe(actor === w.student ? 1 : 0),
  },
  "me.attendance": {
    input: async (w) => {
      const [session] = await t.sql`insert into course_sessions (course_id, title, starts_at, ends_at)
        values (${w.course.id}, 'Lecture', now(), now() + interval '1 hour') returning id`;
      await t.sql`insert into session_attendance (session_id, user_id, identity, joined_at)
        values (${session!.id}, ${w.student.id}, ${`${w.student.id}-x`}, now())`;
      return { courseId: w.course.id };
    },
    // Only the caller's own attendance: the enrolled student joined, nobody else did.
    effect: (w, actor, _i, result) => expect(result.total).toBe(actor === w.student ? 1 : 0),
  },
  "course.create": {
    input: () => ({ code: `NEW-${unique()}`, title: "A new course" }),
    async effect(_w, actor, input, result) {
      const rows = await t.sql`select id, title, created_by from courses where code = ${input.code}`;
      expect(rows).toEqual([{ id: result.id, title: input.title, created_by: actor!.id }]);
      expect(await enrollmentOf(result.id, actor!.id)).toEqual([{ role: "instructor" }]);
    },
  },
  "course.listMine": {
    input: () => undefined,
    effect: (_w, _a, _i, result) => expect(Array.isArray(result)).toBe(true),
  },
  "course.get": {
    input: (w) => ({ courseId: w.course.id }),
    effect: (w, _a, _i, result) => expect(result.course).toMatchObject({ id: w.course.id, code: w.course.code, title: w.course.title }),
  },
  "course.update": {
    input: (w) => ({ courseId: w.course.id, title: `Renamed ${unique()}` }),
    async effect(w, _a, input) {
      expect(await t.sql`select title from courses where id = ${w.course.id}`).toEqual([{ title: input.title }]);
    },
  },
  "course.archive": {
    input: (w) => ({ courseId: w.course.id, archived: true }),
    async effect(w, _a, _i, result) {
      expect(result.archivedAt).toBeInstanceOf(Date);
      expect(await t.sql`select archived_at is not null as archived from courses where id = ${w.course.id}`).toEqual([{ archived: true }]);
    },
  },
  "enrollment.roster": {
    input: (w) => ({ courseId: w.course.id }),
    effect(w, _a, _i, result) {
      const ids = (result as { userId: string }[]).map((r) => r.userId).sort();
      expect(ids).toEqual([w.instructor.id, w.ta.id, w.student.id].sort());
    },
  },
  "enrollment.add": {
    async input(w) {
      const newcomer = await makeUser(t.db);
      return { courseId: w.course.id, email: newcomer.email, role: "student" };
    },
    async effect(w, _a, input, result) {
      expect(result).toMatchObject({ email: input.email, role: "student" });
      expect(await enrollmentOf(w.course.id, result.userId)).toEqual([{ role: "student" }]);
    },
  },
  "enrollment.setRole": {
    input: async (w) => ({ courseId: w.course.id, userId: (await enrolledStudent(w)).id, role: "ta" }),
    async effect(w, _a, input) {
      expect(await enrollmentOf(w.course.id, input.userId)).toEqual([{ role: "ta" }]);
    },
  },
  "enrollment.remove": {
    input: async (w) => ({ courseId: w.course.id, userId: (await enrolledStudent(w)).id }),
    async effect(w, _a, input) {
      expect(await enrollmentOf(w.course.id, input.userId)).toEqual([]);
    },
  },
  "invite.settings": {
    input: async (w) => {
      await joinSecretOn(w, "code");
      return { courseId: w.course.id };
    },
    effect(w, _a, _i, result) {
      expect(result).toMatchObject({
        courseId: w.course.id,
        code: { kind: "code", enabled: true, active: true, role: "student" },
        link: null,
      });
      expect(result.code.secret).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    },
  },
  "invite.update": {
    input: (w) => ({ courseId: w.course.id, kind: "code", enabled: true, role: "ta" }),
    async effect(w, actor, _i, result) {
      expect(result.code).toMatchObject({ enabled: true, role: "ta", createdBy: actor!.id });
      expect(await t.sql`select enabled, role from course_join_secrets where course_id = ${w.course.id}`).toEqual([
        { enabled: true, role: "ta" },
      ]);
    },
  },
  "invite.regenerate": {
    input: async (w) => {
      secretsBefore.set(w, await joinSecretOn(w, "link"));
      return { courseId: w.course.id, kind: "link" };
    },
    async effect(w, _a, _i, result) {
      expect(result.link.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(result.link.secret).not.toBe(secretsBefore.get(w));
      expect(await t.sql`select secret from course_join_secrets where course_id = ${w.course.id}`).toEqual([
        { secret: result.link.secret },
      ]);
    },
  },
  "invite.preview": {
    input: async (w) => ({ code: await joinSecretOn(w, "code") }),
    async effect(w, actor, _i, result) {
      const enrolled = [w.instructor.id, w.ta.id, w.student.id].includes(actor!.id);
      expect(result).toEqual({
        course: { code: w.course.code, title: w.course.title },
        instructors: [w.instructor.name],
        role: "student",
        member: enrolled ? { courseId: w.course.id, role: roleAfterJoining(w, actor) } : null,
      });
      // Previewing enrolls nobody.
      if (!result.member) expect(await enrollmentOf(w.course.id, actor!.id)).toEqual([]);
    },
  },
  "invite.joinWithCode": {
    input: async (w) => ({ code: await joinSecretOn(w, "code") }),
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({ course: { id: w.course.id }, role: roleAfterJoining(w, actor), pending: false });
      expect(await enrollmentOf(w.course.id, actor!.id)).toEqual([{ role: roleAfterJoining(w, actor) }]);
    },
  },
  "invite.joinWithLink": {
    input: async (w) => ({ token: await joinSecretOn(w, "link") }),
    async effect(w, actor, _i, result) {
      expect(result).toMatchObject({ course: { id: w.course.id }, role: roleAfterJoining(w, actor), pending: false });
      expect(await enrollmentOf(w.course.id, actor!.id)).toEqual([{ role: roleAfterJoining(w, actor) }]);
    },
  },
  "invite.emails": {
    input: (w) => ({ courseId: w.course.id, emails: `${w.student.email}\nnew-${unique()}@school.test` }),
    async effect(w, _a, input, result) {
      const fresh = input.emails.split("\n")[1];
      expect(result).toMatchObject({ committed: true, alreadyEnrolled: [w.student.email], invited: [fresh] });
      expect(await t.sql`select email, role from course_invitations where course_id = ${w.course.id}`).toEqual([
        { email: fresh, role: "student" },
      ]);
      expect(
        await t.sql`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'to' = ${fresh}`,
      ).toEqual([{ n: 1 }]);
    },
  },
  "invite.importPreview": {
    input: (w) => ({ courseId: w.course.id, csv: `email,name,course\nnew-${unique()}@school.test,New Student,${w.course.code}\n` }),
    async effect(_w, _a, input, result) {
      expect(result).toMatchObject({ problemCount: 0, summary: { kind: "roster", users: { new: 1 }, enrollments: { new: 1 } } });
      expect(await t.sql`select id from "user" where email = ${input.csv.split("\n")[1].split(",")[0]}`).toEqual([]);
    },
  },
  "invite.importCommit": {
    input: (w) => ({ courseId: w.course.id, csv: `email,name,course,role\nnew-${unique()}@school.test,New TA,${w.course.code},ta\n` }),
    async effect(w, _a, input, result) {
      expect(result).toMatchObject({ committed: true, problemCount: 0 });
      const [created] = await t.sql`select id from "user" where email = ${input.csv.split("\n")[1].split(",")[0]}`;
      expect(await enrollmentOf(w.course.id, created!.id)).toEqual([{ role: "ta" }]);
    },
  },
};

function scenarioFor(procedure: string): Scenario {
  const s = scenarios[procedure];
  if (!s) throw new Error(`docs/permissions.md lists ${procedure}, but permissions.test.ts has no scenario for it: add one`);
  return s;
}

describe("docs/permissions.md and the router list the same procedures", () => {
  const inDoc = matrix.map((r) => r.procedure);

  test("each procedure has one row", () => {
    expect(inDoc.filter((p, i) => inDoc.indexOf(p) !== i)).toEqual([]);
  });
  test("every procedure in the table exists on the router", () => {
    expect(inDoc.filter((p) => !routerProcedurePaths().includes(p))).toEqual([]);
  });
  test("every router procedure is in the table", () => {
    expect(routerProcedurePaths().filter((p) => !inDoc.includes(p))).toEqual([]);
  });
});

describe.each(matrix)("$procedure", ({ procedure, cells }) => {
  test.each(matrixColumns.map((column) => [column, cells[column]] as const))("%s: %s", async (column, cell) => {
    const scenario = scenarioFor(procedure);
    const w = await makeWorld();
    const actor = w.actors[column];
    const input = await scenario.input(w);
    const call = () =>
      scenario.call ? scenario.call(callerFor(t.db, actor), input, actor) : callPath(callerFor(t.db, actor), procedure, input);

    if (cell === "yes") {
      await scenario.effect(w, actor, input, await call());
    } else if (cell === "listed" || cell === "not listed") {
      const ids = ((await call()) as { id: string }[]).map((c) => c.id);
      if (cell === "listed") expect(ids).toContain(w.course.id);
      else expect(ids).not.toContain(w.course.id);
    } else {
      const before = await snapshot(t);
      const error = await rejection(call());
      expect(error.code).toBe(cell === "no" ? "FORBIDDEN" : "UNAUTHORIZED");
      expect(await snapshot(t)).toEqual(before);
    }
  });
});

describe("an unknown course is NOT_FOUND, even for an admin", () => {
  const courseProcedures = matrix.map((r) => r.procedure).filter(takesCourseId);

  test("the course procedures are found", () => {
    expect(courseProcedures).toEqual(expect.arrayContaining(["course.get", "enrollment.add"]));
  });
  test.each(courseProcedures)("%s", async (procedure) => {
    const w = await makeWorld();
    const input = await scenarioFor(procedure).input(w);
    const before = await snapshot(t);
    const error = await rejection(callPath(callerFor(t.db, w.actors.admin), procedure, { ...(input as object), courseId: randomUUID() }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await snapshot(t)).toEqual(before);
  });
});
