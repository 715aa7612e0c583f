import { type Database, sessionRecordings } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { type LiveKitConfig, requireRecording, requireVideo } from "./config.ts";
import { egressService, egressStatusName, nanosToDate, recordingOutput } from "./egress.ts";
import { publicRecording, type Recording } from "./public-recording.ts";
import { roomName } from "./room.ts";

/**
 * Staff start recording a live session: a room-composite egress of its room to an MP4 file in
 * the configured bucket. One recording at a time per session; audited.
 */
export async function startRecording(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof sessionRef>,
): Promise<Recording> {
  const { sessionId } = sessionRef.parse(raw);
  const video = requireVideo(config);
  const storage = requireRecording(video);
  return db.transaction(async (tx) => {
    // The session's row is held until the recording is stored: two staff starting at once make one.
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    if (session.status !== "live") throw conflict("this session is not live: start it before recording it", "sessionId");
    const [running] = await tx
      .select({ id: sessionRecordings.id })
      .from(sessionRecordings)
      .where(and(eq(sessionRecordings.sessionId, sessionId), isNull(sessionRecordings.endedAt), isNull(sessionRecordings.stopRequestedAt)))
      .limit(1);
    if (running) throw conflict("this session is already being recorded: stop that recording first", "sessionId");
    const filepath = `codeclass/${session.courseId}/${session.id}/${new Date().toISOString().replace(/[:.]/g, "-")}.mp4`;
    const egress = egressService(video);
    const info = await egress.startRoomCompositeEgress(roomName(session.id), recordingOutput(storage, filepath), { layout: "speaker" });
    try {
      const [row] = await tx
        .insert(sessionRecordings)
        .values({
          sessionId,
          egressId: info.egressId,
          status: egressStatusName(info.status),
          filepath,
          startedBy: actor.id,
          startedAt: nanosToDate(info.startedAt),
        })
        .returning();
      await recordAudit(tx, {
        actorId: actor.id,
        action: "live.startRecording",
        targetType: "session",
        targetId: sessionId,
        courseId: session.courseId,
        data: { recordingId: row!.id, egressId: info.egressId, filepath },
      });
      return publicRecording(row!);
    } catch (e) {
      // Not stored: stop what LiveKit started rather than record unseen.
      await egress.stopEgress(info.egressId).catch(() => {});
      throw e;
    }
  });
}
