import { randomBytes } from "node:crypto";
import { type DbOrTx, user } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import type { Actor } from "../actor.ts";
import { requireGroup } from "../breakouts/require-group.ts";
import { conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import type { LiveKitConfig } from "./config.ts";
import { mediaPermission, videoGrant } from "./grants.ts";
import { breakoutRoomName, type ParticipantMetadata, roomName } from "./room.ts";

/** A join token lives this long; the page renews it (live.renew) while connected. */
export const tokenTtlSeconds = 10 * 60;

/** A fresh identity per connection, so a second tab joins beside the first instead of replacing it. */
export const newIdentity = (userId: string) => `${userId}#${randomBytes(6).toString("base64url")}`;

/** A join token for `identity` with `grant`, the user's id, name and role in its metadata, for `tokenTtlSeconds`. */
export async function signToken(
  config: LiveKitConfig,
  identity: string,
  metadata: ParticipantMetadata,
  grant: VideoGrant,
): Promise<string> {
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity,
    name: metadata.name || undefined,
    metadata: JSON.stringify(metadata),
    ttl: tokenTtlSeconds,
  });
  at.addGrant(grant);
  return at.toJwt();
}

/**
 * Mints a join token for `identity` with the grants the caller has in the session now: for the
 * session's main room, or with `groupId` for a breakout group's room (a student's own group only;
 * staff may visit any).
 */
export async function mintToken(db: DbOrTx, config: LiveKitConfig, actor: Actor, sessionId: string, identity: string, groupId?: string) {
  const { session, access, staff } = await requireSession(db, actor, sessionId, "view");
  if (session.status !== "live")
    throw conflict(
      session.status === "ended"
        ? "this session has ended"
        : `this session has not started yet: it is scheduled for ${session.startsAt.toISOString()}, and staff start it`,
    );
  const room = groupId
    ? breakoutRoomName(session.id, (await requireGroup(db, actor, session.id, groupId, staff)).id)
    : roomName(session.id);
  const [me] = await db.select({ name: user.name }).from(user).where(eq(user.id, actor.id)).limit(1);
  const role: ParticipantMetadata["role"] = access.myRole ?? "admin";
  const metadata: ParticipantMetadata = { userId: actor.id, name: me?.name ?? "", role };
  const permission = mediaPermission(staff, session, actor.id);
  return {
    url: config.url,
    token: await signToken(config, identity, metadata, videoGrant(session.id, staff, permission, room)),
    identity,
    room,
    groupId: groupId ?? null,
    expiresAt: new Date(Date.now() + tokenTtlSeconds * 1000),
    role,
    /** What this connection may publish, for the page's controls. */
    publish: {
      camera: permission.canPublishSources.includes(TrackSource.CAMERA),
      microphone: permission.canPublishSources.includes(TrackSource.MICROPHONE),
      screenShare: permission.canPublishSources.includes(TrackSource.SCREEN_SHARE),
    },
  };
}
