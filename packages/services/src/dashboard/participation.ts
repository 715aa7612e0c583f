import type { DbOrTx } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { minutesPresent } from "../live/attendance.ts";
import { requireSession } from "../session/require-session.ts";
import { absentTwiceBefore, readParticipation } from "./read-participation.ts";

/** The early warnings the dashboard shows as badges. */
export type ParticipationWarning = "absent-twice" | "low-participation" | "inactive-30-min";

/** Minutes without any activity, in a live session, after which a present student is flagged. */
export const inactiveMinutes = 30;

export interface StudentParticipation {
  userId: string;
  name: string;
  email: string;
  /** In the session's room now (an open attendance interval). */
  present: boolean;
  /** Joined at some point and has no connection open now. */
  left: boolean;
  minutesPresent: number;
  talkSeconds: number;
  chatMessages: number;
  hands: number;
  reactions: number;
  pollAnswers: number;
  runs: number;
  /**
   * The participation figure compared with the class mean: chat messages + hands + reactions +
   * poll answers + runs + minutes of talk.
   */
  score: number;
  lastActivityAt: Date | null;
  warnings: ParticipationWarning[];
}

export interface SessionParticipation {
  sessionId: string;
  status: "scheduled" | "live" | "ended";
  generatedAt: Date;
  classMean: number;
  students: StudentParticipation[];
}

/**
 * The session's participation dashboard for its staff: per enrolled student present/left, minutes
 * present, talk time, chat, hands, reactions, poll answers and runs during the session, with the
 * early warnings: absent from the course's two previous sessions, a score under half the class
 * mean, and 30 minutes without activity while present in a live session.
 */
export async function participation(
  db: DbOrTx,
  actor: Actor,
  raw: z.input<typeof sessionRef>,
  now = new Date(),
): Promise<SessionParticipation> {
  const { sessionId } = sessionRef.parse(raw);
  const { session } = await requireSession(db, actor, sessionId, "staff");
  const from = session.startedAt ?? session.startsAt;
  const to = session.endedAt ?? now;
  const [rows, absent] = await Promise.all([
    readParticipation(db, sessionId, session.courseId, from, to),
    absentTwiceBefore(db, session.courseId, sessionId, session.startsAt),
  ]);
  const students = rows.map((r) => {
    const present = r.intervals.some((i) => i.leftAt === null);
    const score = r.chatMessages + r.hands + r.reactions + r.pollAnswers + r.runs + Math.floor(r.talkMs / 60_000);
    return {
      userId: r.userId,
      name: r.name,
      email: r.email,
      present,
      left: !present && r.intervals.length > 0,
      minutesPresent: minutesPresent(r.intervals, to),
      talkSeconds: Math.round(r.talkMs / 1000),
      chatMessages: r.chatMessages,
      hands: r.hands,
      reactions: r.reactions,
      pollAnswers: r.pollAnswers,
      runs: r.runs,
      score,
      lastActivityAt: r.lastActivityAt,
      warnings: [] as ParticipationWarning[],
    };
  });
  const classMean = students.length === 0 ? 0 : students.reduce((s, x) => s + x.score, 0) / students.length;
  const liveSince = session.status === "live" ? (session.startedAt ?? session.startsAt) : null;
  for (const s of students) {
    if (absent.has(s.userId)) s.warnings.push("absent-twice");
    if (classMean > 0 && s.score < classMean / 2) s.warnings.push("low-participation");
    if (liveSince && s.present) {
      const last = Math.max(liveSince.getTime(), s.lastActivityAt?.getTime() ?? 0);
      if (now.getTime() - last >= inactiveMinutes * 60_000) s.warnings.push("inactive-30-min");
    }
  }
  return { sessionId, status: session.status, generatedAt: now, classMean: Math.round(classMean * 100) / 100, students };
}
