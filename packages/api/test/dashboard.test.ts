import * as services from "@codeclass/services";
import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import type { GlobalRole } from "@codeclass/validators";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection } from "./helpers.ts";

const t = useTestDatabase();
let instructor: UserRow;
let ta: UserRow;
let s: UserRow[];
let courseId: string;

const as = (user: UserRow | null) => callerFor(t.db, user);
const actor = (u: UserRow) => ({ id: u.id, role: u.role as GlobalRole });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const iso = (m: number) => minutesAgo(m).toISOString();

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor" });
  ta = await makeUser(t.db);
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  s = [];
  // The last name starts like a spreadsheet formula: the CSV must keep it text.
  for (const name of ["Ana", "Ben", "Cai", "=Dee"]) {
    const u = await makeUser(t.db, { name });
    await enroll(t.db, courseId, u.id, "student");
    s.push(u);
  }
});

async function sessionRow(status: "live" | "ended", startedMinutesAgo: number) {
  const [row] = await t.sql`insert into course_sessions (course_id, title, starts_at, ends_at, status, started_at, ended_at)
    values (${courseId}, 'Lecture', ${iso(startedMinutesAgo)}, ${iso(startedMinutesAgo - 60)}, ${status},
            ${iso(startedMinutesAgo)}, ${status === "ended" ? iso(startedMinutesAgo - 50) : null}) returning id`;
  return row!.id as string;
}

async function attend(sessionId: string, user: UserRow, joined: Date, left: Date | null, tab = "a") {
  await t.sql`insert into session_attendance (session_id, user_id, identity, joined_at, left_at)
    values (${sessionId}, ${user.id}, ${`${user.id}#${tab}`}, ${joined.toISOString()}, ${left?.toISOString() ?? null})`;
}

describe("the participation dashboard", () => {
  test("counts each student's attendance, chat, hands, poll answers, runs and talk time, with the early warnings, and exports CSV", async () => {
    const [ana, ben, cai] = s as [UserRow, UserRow, UserRow];
    // Two earlier sessions: Dee missed both (warned); Cai missed one (not warned).
    for (const [i, ago] of [10_000, 5_000].entries()) {
      const prev = await sessionRow("ended", ago);
      for (const u of i === 0 ? [ana, ben] : [ana, ben, cai]) await attend(prev, u, minutesAgo(ago), minutesAgo(ago - 30));
    }
    const sessionId = await sessionRow("live", 40);
    await attend(sessionId, ana, minutesAgo(40), null);
    await attend(sessionId, ana, minutesAgo(20), null, "second-tab"); // two tabs count once
    await attend(sessionId, ben, minutesAgo(40), minutesAgo(10));
    await attend(sessionId, cai, minutesAgo(35), null); // present, silent for 35 minutes

    await as(ana).chat.send({ sessionId, body: "hello" });
    const gone = await as(ana).chat.send({ sessionId, body: "oops" });
    await as(instructor).chat.delete({ sessionId, messageId: gone.id });
    await as(ana).hands.raise({ sessionId });
    await as(ben).hands.raise({ sessionId });
    const poll = await as(instructor).polls.create({ sessionId, kind: "single", question: "Ready?", options: ["yes", "no"] });
    await as(ana).polls.answer({ pollId: poll.id, options: [0] });
    await as(ben).polls.answer({ pollId: poll.id, options: [1] });
    await as(ben).polls.answer({ pollId: poll.id, options: [0] }); // a changed answer counts once
    // A run during the session counts; one from before it does not.
    for (const at of [minutesAgo(5), minutesAgo(120)])
      await t.sql`insert into runs (user_id, course_id, language, files, files_hash, created_at) values (${ana.id}, ${courseId}, 'python', '[]'::jsonb, 'x', ${at.toISOString()})`;
    // Talk time from a staff client's reports: Ana speaks 3 s, then the client goes quiet for a minute (credited 5 s at most).
    const t0 = new Date();
    const report = (ids: string[], at: number) =>
      services.dashboard.reportSpeakers(t.db, actor(ta), { sessionId, identities: ids }, new Date(t0.getTime() + at));
    await report([`${ana.id}#a`, `${instructor.id}#x`], 0);
    await report([`${ana.id}#a`, `${ana.id}#second-tab`], 3_000);
    await report([], 63_000);

    const view = await as(ta).dashboard.get({ sessionId });
    const by = Object.fromEntries(view.students.map((r) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(["=Dee", "Ana", "Ben", "Cai"]);
    expect(by.Ana).toMatchObject({
      present: true,
      left: false,
      chatMessages: 1,
      hands: 1,
      pollAnswers: 1,
      runs: 1,
      talkSeconds: 8,
      score: 4,
    });
    expect(by.Ana!.minutesPresent).toBeCloseTo(40, 0);
    expect(by.Ben).toMatchObject({
      present: false,
      left: true,
      chatMessages: 0,
      hands: 1,
      pollAnswers: 1,
      runs: 0,
      talkSeconds: 0,
      score: 2,
    });
    expect(by.Ben!.minutesPresent).toBeCloseTo(30, 0);
    expect(by.Cai).toMatchObject({ present: true, score: 0, warnings: ["low-participation", "inactive-30-min"] });
    expect(by["=Dee"]).toMatchObject({ present: false, left: false, minutesPresent: 0, warnings: ["absent-twice", "low-participation"] });
    expect(by.Ana!.warnings).toEqual([]);
    expect(by.Ben!.warnings).toEqual([]);
    expect(view.classMean).toBe(1.5);

    const { csv, filename } = await as(instructor).dashboard.csv({ sessionId });
    expect(filename).toBe(`participation-${sessionId}.csv`);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "name,email,present,left,minutes_present,talk_seconds,chat_messages,hands,reactions,poll_answers,runs,score,last_activity_at,warnings",
    );
    expect(lines).toHaveLength(5);
    const ben1 = lines.find((l) => l.startsWith("Ben,"))!.split(",");
    expect(ben1.slice(2, 12)).toEqual(["no", "yes", ben1[4], "0", "0", "1", "0", "1", "0", "2"]);
    expect(lines.find((l) => l.includes("Dee"))).toMatch(/^'=Dee,.*,absent-twice low-participation$/);
  });

  test("talk time is reported by staff only, in a live session, and bounded per interval", async () => {
    const sessionId = await sessionRow("live", 5);
    const [ana] = s as [UserRow];
    expect((await rejection(as(ana).dashboard.reportSpeakers({ sessionId, identities: [`${ana.id}#a`] }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(ana).dashboard.get({ sessionId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(ana).dashboard.csv({ sessionId }))).code).toBe("FORBIDDEN");
    const tooMany = await rejection(
      as(ta).dashboard.reportSpeakers({ sessionId, identities: Array.from({ length: 51 }, (_, i) => `u${i}`) }),
    );
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("50") });
    // Two staff clients reporting the same speaker at once split the time instead of adding it up.
    const t0 = Date.now();
    for (const [who, at] of [
      [ta, 0],
      [instructor, 1_000],
      [ta, 2_000],
      [instructor, 3_000],
    ] as const)
      await services.dashboard.reportSpeakers(t.db, actor(who), { sessionId, identities: [`${ana.id}#a`] }, new Date(t0 + at));
    expect(await t.sql`select ms from session_talk_time where session_id = ${sessionId} and user_id = ${ana.id}`).toEqual([{ ms: 3_000 }]);
    const ended = await sessionRow("ended", 500);
    const notLive = await rejection(as(ta).dashboard.reportSpeakers({ sessionId: ended, identities: [] }));
    expect(notLive.code).toBe("CONFLICT");
  });

  test("dashboard.follow shows a new chat message to staff within a second", async () => {
    const sessionId = await sessionRow("live", 1);
    const [, ben] = s as [UserRow, UserRow];
    const stream = (await as(ta).dashboard.follow({ sessionId })) as AsyncIterable<services.dashboard.SessionParticipation>;
    const it = stream[Symbol.asyncIterator]();
    const first = (await it.next()).value as services.dashboard.SessionParticipation;
    expect(first.students.find((r) => r.userId === ben.id)!.chatMessages).toBe(0);
    const sent = Date.now();
    await as(ben).chat.send({ sessionId, body: "a question" });
    let seenAfter = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const next = (await it.next()).value as services.dashboard.SessionParticipation;
      if (next.students.find((r) => r.userId === ben.id)!.chatMessages === 1) {
        seenAfter = Date.now() - sent;
        break;
      }
    }
    await it.return?.(undefined);
    expect(seenAfter).toBeLessThan(1_500);
  });
});
