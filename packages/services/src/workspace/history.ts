import { type DbOrTx, user, workspaceUpdates } from "@codeclass/db";
import { workspaceHistoryInput } from "@codeclass/validators";
import { and, asc, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";

/** One update inserting at least this many characters is flagged `large` (a paste). */
export const largeUpdateChars = 200;

/** The workspace's edit log, oldest first, a page at a time (owner, course staff, admins). */
export async function history(db: DbOrTx, actor: Actor, raw: z.input<typeof workspaceHistoryInput>) {
  const input = workspaceHistoryInput.parse(raw);
  const a = await requireWorkspace(db, actor, input.workspaceId, "read");
  if (!a.staff && a.workspace.ownerId !== actor.id)
    throw forbidden("Only the course's instructors and TAs can see this workspace's history");
  const rows = await db
    .select({
      id: workspaceUpdates.id,
      at: workspaceUpdates.at,
      authorId: workspaceUpdates.authorId,
      authorName: user.name,
      update: workspaceUpdates.update,
      bytes: workspaceUpdates.bytes,
      insertedChars: workspaceUpdates.insertedChars,
      source: workspaceUpdates.source,
    })
    .from(workspaceUpdates)
    .leftJoin(user, eq(user.id, workspaceUpdates.authorId))
    .where(and(eq(workspaceUpdates.workspaceId, input.workspaceId), gt(workspaceUpdates.id, input.afterId ?? 0)))
    .orderBy(asc(workspaceUpdates.id))
    .limit(input.limit);
  return {
    updates: rows.map((r) => ({
      id: r.id,
      at: r.at,
      author: r.authorId ? { id: r.authorId, name: r.authorName ?? "" } : null,
      update: Buffer.from(r.update).toString("base64"),
      bytes: r.bytes,
      insertedChars: r.insertedChars,
      /**
       * "edit"; "sync": what a client brought as a sync step 2, e.g. work done offline when it
       * reconnected (flagged large like an edit: a client picks which message carries its text, so
       * a paste could be sent that way); "template": the course template the workspace started from.
       */
      source: r.source,
      large: (r.source === "edit" || r.source === "sync") && r.insertedChars >= largeUpdateChars,
    })),
    nextAfterId: rows.length === input.limit ? rows[rows.length - 1]!.id : null,
  };
}
