/**
 * Presence cannot be spoofed or used to break viewers: a connection speaks only for its own
 * Yjs clients, `user.id`/`user.name` are the signed-in user's, and only documented fields of
 * bounded size are passed on (awareness.ts). A connection holds the states of a few clients at
 * most: every state is relayed to everyone on the document and kept until the connection closes.
 */
import type { beforeHandleAwarenessPayload, beforeHandleMessagePayload, Extension } from "@hocuspocus/server";
import { awarenessClientsOfMessage, sanitizeAwareness } from "../awareness.ts";
import type { CollabContext } from "../context.ts";
import { CollabRefusal } from "../updates.ts";

/**
 * Yjs clients whose presence one connection may hold. A browser tab has one (its document's
 * client id, kept across reconnects); the rest is room. Without a cap one socket could make up
 * thousands of client ids and grow every viewer's presence list and the server's memory.
 */
export const maxAwarenessClients = 4;

export class Presence implements Extension<CollabContext> {
  extensionName = "codeclass-presence";

  /** An awareness message that would take the connection past maxAwarenessClients is refused (the connection closes). */
  async beforeHandleMessage({ connection, document, update: message, context }: beforeHandleMessagePayload<CollabContext>) {
    if (!context) return;
    let clients: Set<number> | null;
    try {
      clients = awarenessClientsOfMessage(message);
    } catch {
      throw new CollabRefusal("malformed message: it could not be decoded");
    }
    if (!clients) return;
    const held = document.getClients(connection);
    let total = held.size;
    for (const clientId of clients) if (!held.has(clientId)) total++;
    if (total > maxAwarenessClients)
      throw new CollabRefusal(
        `presence refused: ${total} clients on one connection; the limit is ${maxAwarenessClients} (one per browser tab)`,
        4429,
      );
  }

  async beforeHandleAwareness({ context, states, document, connection }: beforeHandleAwarenessPayload<CollabContext>) {
    if (!context) return;
    for (const [clientId, state] of states) {
      const foreign = [...document.connections.entries()].some(([other, entry]) => other !== connection && entry.clients.has(clientId));
      // A falsy state is no state (y-protocols writes it as null): nothing of it is kept or relayed.
      if (foreign || !state) states.delete(clientId);
      else states.set(clientId, sanitizeAwareness(state, context));
    }
  }
}
