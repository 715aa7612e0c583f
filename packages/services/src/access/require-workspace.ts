import type { DbOrTx } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import { workspaceAccess } from "./workspace-access.ts";

/** workspaceAccess, then FORBIDDEN unless the actor may read (or, with "write", edit) it. */
export async function requireWorkspace(db: DbOrTx, actor: Actor, workspaceId: string, need: "read" | "write") {
  const a = await workspaceAccess(db, actor, workspaceId);
  if (!a.canRead) throw forbidden(a.refusal ?? "not your workspace");
  if (need === "write" && !a.canWrite)
    throw forbidden(
      a.course.archivedAt
        ? "This course is archived: its workspaces are read-only"
        : a.workspace.kind === "group"
          ? "The breakout groups were recalled: this group's workspace is read-only now"
          : "Only the course's instructors and TAs can change this workspace",
    );
  return a;
}
