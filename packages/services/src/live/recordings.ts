import { type Database, sessionRecordings } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import type { LiveKitConfig } from "./config.ts";
import { publicRecording, type Recording } from "./public-recording.ts";

/** A session's recordings, newest first, for any member of its course; `configured` says whether staff can record. */
export async function recordings(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof sessionRef>,
): Promise<{ configured: boolean; recordings: Recording[] }> {
  const { sessionId } = sessionRef.parse(raw);
  await requireSession(db, actor, sessionId, "view");
  const rows = await db
    .select()
    .from(sessionRecordings)
    .where(eq(sessionRecordings.sessionId, sessionId))
    .orderBy(desc(sessionRecordings.createdAt));
  return { configured: Boolean(config?.recording), recordings: rows.map(publicRecording) };
}
