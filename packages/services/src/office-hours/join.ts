import { type DbOrTx, user } from "@codeclass/db";
import { officeHoursRef } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { TrackSource } from "livekit-server-sdk";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict, forbidden } from "../errors.ts";
import { type LiveKitConfig, requireVideo } from "../live/config.ts";
import type { ParticipantMetadata } from "../live/room.ts";
import { newIdentity, signToken, tokenTtlSeconds } from "../live/token.ts";
import { requireRequest } from "./require-request.ts";
import { officeHoursRoom } from "./room.ts";

/**
 * A LiveKit token for an accepted office-hours call: only its student and the staff member who
 * accepted it get one (nobody else, admins included), both publishing camera, microphone and
 * screen; neither is room admin.
 */
export async function join(db: DbOrTx, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof officeHoursRef>) {
  const { requestId } = officeHoursRef.parse(raw);
  const video = requireVideo(config);
  const { request, access } = await requireRequest(db, actor, requestId);
  if (actor.id !== request.studentId && actor.id !== request.acceptedBy) throw forbidden("Only the two people in this call join it");
  if (request.status !== "active")
    throw conflict(
      request.status === "waiting" ? "no staff member has accepted this request yet" : `this call is ${request.status}`,
      "requestId",
    );
  const [me] = await db.select({ name: user.name }).from(user).where(eq(user.id, actor.id)).limit(1);
  const metadata: ParticipantMetadata = { userId: actor.id, name: me?.name ?? "", role: access.myRole ?? "admin" };
  const identity = newIdentity(actor.id);
  const room = officeHoursRoom(request.id);
  const sources = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO];
  const token = await signToken(video, identity, metadata, {
    room,
    roomJoin: true,
    roomAdmin: false,
    canSubscribe: true,
    canPublish: true,
    canPublishData: false,
    canPublishSources: sources,
  });
  return {
    url: video.url,
    token,
    identity,
    room,
    expiresAt: new Date(Date.now() + tokenTtlSeconds * 1000),
    role: metadata.role,
    publish: { camera: true, microphone: true, screenShare: true },
  };
}
