/**
 * Presence cannot be spoofed or used to break viewers: a connection speaks only for its own
 * Yjs clients, `user.id`/`user.name` are the signed-in user's, and only documented fields of
 * bounded size are passed on (awareness.ts).
 */
import type { beforeHandleAwarenessPayload, Extension } from "@hocuspocus/server";
import { sanitizeAwareness } from "../awareness.ts";
import type { CollabContext } from "../context.ts";

export class Presence implements Extension<CollabContext> {
  extensionName = "codeclass-presence";

  async beforeHandleAwareness({ context, states, document, connection }: beforeHandleAwarenessPayload<CollabContext>) {
    if (!context) return;
    for (const [clientId, state] of states) {
      const foreign = [...document.connections.entries()].some(([other, entry]) => other !== connection && entry.clients.has(clientId));
      if (foreign) states.delete(clientId);
      else if (state) states.set(clientId, sanitizeAwareness(state, context));
    }
  }
}
