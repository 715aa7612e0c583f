import type { SessionRow } from "../session/public-session.ts";
import type { LiveKitConfig } from "./config.ts";
import { mediaPermission } from "./grants.ts";
import { parseMetadata, roomName, roomService, unlessMissing } from "./room.ts";

/**
 * Gives connected students (all, or the one user) what the session now lets them publish,
 * through updateParticipant; new tokens carry it already. Returns how many were updated.
 */
export async function applyPermissions(config: LiveKitConfig, session: SessionRow, onlyUserId?: string): Promise<number> {
  const rooms = roomService(config);
  const participants = await unlessMissing(rooms.listParticipants(roomName(session.id)), []);
  let updated = 0;
  for (const p of participants) {
    const meta = parseMetadata(p.metadata);
    if (meta?.role !== "student") continue;
    if (onlyUserId && meta.userId !== onlyUserId) continue;
    const permission = mediaPermission(false, session, meta.userId);
    await unlessMissing(rooms.updateParticipant(roomName(session.id), p.identity, { permission }), undefined);
    updated++;
  }
  return updated;
}
