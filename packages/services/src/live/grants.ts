import { TrackSource, type VideoGrant } from "livekit-server-sdk";
import type { SessionRow } from "../session/public-session.ts";
import { roomName } from "./room.ts";

/** What a participant may publish in a session's room. */
export interface MediaPermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canPublishSources: TrackSource[];
}

/**
 * Staff publish camera, microphone and screen; students subscribe, publish camera and
 * microphone while the session allows student media, and their screen once staff grant it.
 * Chat and the rest go through the platform, not LiveKit's data channel.
 */
export function mediaPermission(
  staff: boolean,
  session: Pick<SessionRow, "studentMedia" | "screenShareGrants">,
  userId: string,
): MediaPermission {
  const sources = staff
    ? [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]
    : [
        ...(session.studentMedia ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : []),
        ...(session.screenShareGrants.includes(userId) ? [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] : []),
      ];
  return { canSubscribe: true, canPublish: sources.length > 0, canPublishData: false, canPublishSources: sources };
}

/** The video grant of a join token, for the session's main room or `room` (a breakout group's). */
export function videoGrant(sessionId: string, staff: boolean, permission: MediaPermission, room = roomName(sessionId)): VideoGrant {
  return {
    room,
    roomJoin: true,
    roomAdmin: staff,
    canSubscribe: permission.canSubscribe,
    canPublish: permission.canPublish,
    canPublishData: permission.canPublishData,
    canPublishSources: permission.canPublishSources,
  };
}
