import { RoomServiceClient, TwirpError } from "livekit-server-sdk";
import type { LiveKitConfig } from "./config.ts";

/** The LiveKit room of a session: its main room. */
export const roomName = (sessionId: string) => sessionId;

/** A breakout group's own room: the session's name with the group's id after it. */
export const breakoutRoomName = (sessionId: string, groupId: string) => `${sessionId}:group:${groupId}`;

/** The session id a room name belongs to, or null for a room this platform did not name. */
export function sessionIdOfRoom(room: string): string | null {
  const id = room.slice(0, 36);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null;
}

export function roomService(config: LiveKitConfig) {
  return new RoomServiceClient(config.url, config.apiKey, config.apiSecret);
}

/** True for LiveKit's answer about a room or participant it does not know (nobody connected). */
export const isMissing = (e: unknown) => e instanceof TwirpError && (e.status === 404 || e.code === "not_found");

/** Runs a RoomService call; a room or participant LiveKit does not know (nobody connected) answers `fallback`. */
export async function unlessMissing<T>(call: Promise<T>, fallback: T): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (isMissing(e)) return fallback;
    throw e;
  }
}

/**
 * Deletes rooms, which disconnects everyone in them; a room LiveKit does not know is gone already.
 * Every room is tried even when one before failed (one unreachable call must not leave the rest
 * running); the first other error is thrown after.
 */
export async function deleteRooms(config: LiveKitConfig, rooms: string[]): Promise<void> {
  const service = roomService(config);
  let failure: { error: unknown } | undefined;
  for (const room of rooms)
    try {
      await unlessMissing(service.deleteRoom(room), undefined);
    } catch (error) {
      failure ??= { error };
    }
  if (failure) throw failure.error;
}

/** What `live.join` puts in a participant's metadata. */
export interface ParticipantMetadata {
  userId: string;
  name: string;
  role: "admin" | "instructor" | "ta" | "student";
}

export function parseMetadata(metadata: string | undefined): ParticipantMetadata | null {
  try {
    const m = JSON.parse(metadata ?? "");
    return typeof m?.userId === "string" ? (m as ParticipantMetadata) : null;
  } catch {
    return null;
  }
}
