import type { DbOrTx } from "@codeclass/db";
import type { SessionRow } from "../session/public-session.ts";
import type { LiveKitConfig } from "./config.ts";
import { mediaPermission } from "./grants.ts";
import { parseMetadata, roomService, unlessMissing } from "./room.ts";
import { sessionRooms } from "./session-rooms.ts";

/**
 * Gives connected students (all, or the one user) what the session now lets them publish,
 * through updateParticipant; new tokens carry it already. A student moved into a breakout group
 * is in the group's room, so every room of the session is looked at. Returns how many were updated.
 */
export async function applyPermissions(db: DbOrTx, config: LiveKitConfig, session: SessionRow, onlyUserId?: string): Promise<number> {
  const rooms = roomService(config);
  let updated = 0;
  for (const room of await sessionRooms(db, session.id)) {
    const participants = await unlessMissing(rooms.listParticipants(room), []);
    for (const p of participants) {
      const meta = parseMetadata(p.metadata);
      if (meta?.role !== "student") continue;
      if (onlyUserId && meta.userId !== onlyUserId) continue;
      const permission = mediaPermission(false, session, meta.userId);
      await unlessMissing(rooms.updateParticipant(room, p.identity, { permission }), undefined);
      updated++;
    }
  }
  return updated;
}
