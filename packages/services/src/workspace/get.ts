import type { DbOrTx } from "@codeclass/db";
import { workspaceRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { type PublicWorkspace, publicWorkspace } from "./public-workspace.ts";

/** One workspace, for its owner, the course staff and admins (and members, for the demo). */
export async function get(db: DbOrTx, actor: Actor, raw: z.input<typeof workspaceRef>): Promise<PublicWorkspace> {
  const { workspaceId } = workspaceRef.parse(raw);
  const a = await requireWorkspace(db, actor, workspaceId, "read");
  return publicWorkspace(a.workspace, a.ownerName, !a.canWrite);
}
