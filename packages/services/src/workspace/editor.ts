import type * as Y from "yjs";

/** Where an edit the server makes itself comes from, as its workspace history shows it. */
export type ServerEditSource = "sent";

/**
 * Edits a workspace's live document on the collaboration server (packages/collab: `editWorkspace`),
 * so connected editors see the change at once and it is logged like a client's edit, with `source`.
 */
export interface WorkspaceEditor {
  /**
   * Runs `change` on the document in one transaction and resolves with its result once the edit's
   * log row is committed; a `change` that throws changes nothing.
   */
  edit<T>(workspaceId: string, by: { authorId: string; source: ServerEditSource }, change: (doc: Y.Doc) => T): Promise<T>;
}
