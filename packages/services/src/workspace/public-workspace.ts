import { workspaceDocumentName } from "@codeclass/validators";
import type { WorkspaceRow } from "../access/index.ts";

/** A workspace as the API returns it (docs/collab.md). */
export interface PublicWorkspace {
  id: string;
  documentName: string;
  courseId: string;
  owner: { id: string; name: string } | null;
  kind: "student" | "demo" | "group";
  readOnly: boolean;
}

export function publicWorkspace(w: WorkspaceRow, ownerName: string | null, readOnly: boolean): PublicWorkspace {
  return {
    id: w.id,
    documentName: workspaceDocumentName(w.id),
    courseId: w.courseId,
    owner: w.ownerId ? { id: w.ownerId, name: ownerName ?? "" } : null,
    kind: w.kind,
    readOnly,
  };
}
