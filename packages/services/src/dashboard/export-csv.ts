import type { DbOrTx } from "@codeclass/db";
import type { sessionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { toCsv } from "../csv.ts";
import { participation, type StudentParticipation } from "./participation.ts";

/** The session's participation as CSV (one row per student, the warnings joined by spaces), for its staff. */
export async function exportCsv(
  db: DbOrTx,
  actor: Actor,
  raw: z.input<typeof sessionRef>,
  now = new Date(),
): Promise<{ filename: string; csv: string }> {
  const p = await participation(db, actor, raw, now);
  const csv = toCsv<StudentParticipation>(
    [
      { header: "name", value: (s) => s.name },
      { header: "email", value: (s) => s.email },
      { header: "present", value: (s) => (s.present ? "yes" : "no") },
      { header: "left", value: (s) => (s.left ? "yes" : "no") },
      { header: "minutes_present", value: (s) => s.minutesPresent },
      { header: "talk_seconds", value: (s) => s.talkSeconds },
      { header: "chat_messages", value: (s) => s.chatMessages },
      { header: "hands", value: (s) => s.hands },
      { header: "reactions", value: (s) => s.reactions },
      { header: "poll_answers", value: (s) => s.pollAnswers },
      { header: "runs", value: (s) => s.runs },
      { header: "score", value: (s) => s.score },
      { header: "last_activity_at", value: (s) => s.lastActivityAt },
      { header: "warnings", value: (s) => s.warnings.join(" ") },
    ],
    p.students,
  );
  return { filename: `participation-${p.sessionId}.csv`, csv };
}
