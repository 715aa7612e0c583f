import { type Database, sessionRecordings } from "@codeclass/db";
import { recordingRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, notFound } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { type LiveKitConfig, requireVideo } from "./config.ts";
import { applyEgressInfo, egressService } from "./egress.ts";
import { publicRecording, type Recording } from "./public-recording.ts";
import { unlessMissing } from "./room.ts";

/** Staff stop a recording under way; LiveKit finishes the file and its webhooks say when. Audited. */
export async function stopRecording(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof recordingRef>,
): Promise<Recording> {
  const { recordingId } = recordingRef.parse(raw);
  const video = requireVideo(config);
  return db.transaction(async (tx) => {
    const [recording] = await tx.select().from(sessionRecordings).where(eq(sessionRecordings.id, recordingId)).for("update");
    if (!recording) throw notFound(`No recording has id ${recordingId}`, "recordingId");
    const { session } = await requireSession(tx, actor, recording.sessionId, "staff");
    if (recording.endedAt || recording.stopRequestedAt) throw conflict("this recording is already stopped", "recordingId");
    // An egress LiveKit no longer knows has ended already; the webhook (or its absence) says how.
    const info = await unlessMissing(egressService(video).stopEgress(recording.egressId), null);
    await tx
      .update(sessionRecordings)
      .set({
        stopRequestedAt: sql`now()`,
        stoppedBy: actor.id,
        ...(info ? {} : { status: "aborted", endedAt: sql`now()` }),
      })
      .where(eq(sessionRecordings.id, recordingId));
    if (info) await applyEgressInfo(tx, info, new Date());
    await recordAudit(tx, {
      actorId: actor.id,
      action: "live.stopRecording",
      targetType: "session",
      targetId: recording.sessionId,
      courseId: session.courseId,
      data: { recordingId, egressId: recording.egressId },
    });
    const [row] = await tx.select().from(sessionRecordings).where(eq(sessionRecordings.id, recordingId));
    return publicRecording(row!);
  });
}
