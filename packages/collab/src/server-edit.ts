/**
 * Edits the server makes itself in a workspace (a file staff send to the class): applied to the
 * live document through a Hocuspocus direct connection, so every connected editor gets the change
 * at once, and logged like a client's edit, with its own source (docs/collab.md, "Server edits").
 */
import type { ServerEditSource } from "@codeclass/services";
import { workspaceDocumentName } from "@codeclass/validators";
import type { Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import type { CollabContext } from "./context.ts";
import type { Persistence } from "./extensions/persistence.ts";
import type { UpdateGuard } from "./extensions/update-guard.ts";
import { isEmptyUpdate } from "./updates.ts";
import { insertedChars } from "./validate.ts";

export interface ServerEditParts {
  hocuspocus: Hocuspocus<CollabContext>;
  persistence: Persistence;
  updateGuard: UpdateGuard;
}

/** Runs `change` in one transaction on the workspace's document; resolves with its result once the edit's log row is committed. */
export async function editWorkspace<T>(
  { hocuspocus, persistence, updateGuard }: ServerEditParts,
  workspaceId: string,
  by: { authorId: string; source: ServerEditSource },
  change: (doc: Y.Doc) => T,
): Promise<T> {
  const context: CollabContext = {
    userId: by.authorId,
    userName: "",
    workspaceId,
    whiteboard: null,
    sessionId: "",
    sessionExpiresAt: Number.POSITIVE_INFINITY,
    sessionEnded: null,
    staff: true,
    group: false,
  };
  const connection = await hocuspocus.openDirectConnection(workspaceDocumentName(workspaceId), context);
  try {
    const document = connection.document!;
    const state = persistence.state(document);
    if (!state) throw new Error("the workspace could not be loaded");
    const before = Y.encodeStateVector(document);
    let result!: T;
    // A change that throws leaves nothing behind: the helpers it calls check before they write.
    document.transact(
      () => {
        result = change(document);
      },
      { source: "local", context },
    );
    const update = Y.encodeStateAsUpdate(document, before);
    if (!isEmptyUpdate(update))
      await updateGuard.record(document, state, {
        workspaceId,
        authorId: by.authorId,
        update,
        insertedChars: insertedChars(update),
        source: by.source,
      });
    return result;
  } finally {
    // Closing the direct connection stores the document and waits for it: no spread for that one.
    if (connection.document) persistence.hurry(connection.document);
    await connection.disconnect();
  }
}
