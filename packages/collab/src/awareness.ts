/**
 * Presence (awareness) states come from clients and are re-broadcast to everyone on the
 * document, so the server keeps only the fields of docs/collab.md, in their types and sizes:
 * a viewer never receives something that could break its editor or the review panel.
 */
import * as decoding from "lib0/decoding";
import { z } from "zod";

const id = z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() });
/** A Y.RelativePosition as JSON (what y-monaco puts in `selection`). */
const relativePosition = z.object({
  type: id.nullish(),
  tname: z.string().max(64).nullish(),
  item: id.nullish(),
  assoc: z.number().int().min(-1).max(1).optional(),
});

const fields = {
  // A CSS colour viewers put into styles: hex, rgb() or hsl() only (nothing that could close a rule).
  color: z.string().regex(/^(#[0-9a-fA-F]{3,8}|(rgb|hsl)a?\([0-9.,%\s]{1,40}\))$/),
  role: z.string().max(20),
  file: z.string().max(200).nullable(),
  typingAt: z.number().finite().nullable(),
  selection: z.object({ anchor: relativePosition, head: relativePosition }).nullable(),
  // Whiteboard pointers (y-excalidraw): where the pointer is, its button, the selected drawings.
  pointer: z.object({ x: z.number().finite(), y: z.number().finite(), tool: z.enum(["pointer", "laser"]) }).strict(),
  button: z.enum(["down", "up"]),
  selectedElementIds: z.record(z.string().max(64), z.literal(true)).refine((r) => Object.keys(r).length <= 100),
};

/** Largest presence state accepted, as JSON characters; a bigger one keeps only the user. */
export const maxAwarenessChars = 4096;

/**
 * The state to broadcast for a client: `user.id`/`user.name` are the signed-in user's (nobody can
 * appear as someone else), other fields are kept only when they have the documented shape.
 */
export function sanitizeAwareness(state: unknown, who: { userId: string; userName: string }): Record<string, unknown> {
  const raw = typeof state === "object" && state !== null ? (state as Record<string, unknown>) : {};
  const rawUser = typeof raw.user === "object" && raw.user !== null ? (raw.user as Record<string, unknown>) : {};
  const user: Record<string, unknown> = { id: who.userId, name: who.userName };
  for (const key of ["color", "role"] as const) {
    const ok = fields[key].safeParse(rawUser[key]);
    if (ok.success) user[key] = ok.data;
  }
  const out: Record<string, unknown> = { user };
  let size = 0;
  try {
    size = JSON.stringify(raw).length;
  } catch {
    size = Number.POSITIVE_INFINITY;
  }
  if (size > maxAwarenessChars) return out;
  for (const key of ["file", "typingAt", "selection", "pointer", "button", "selectedElementIds"] as const) {
    if (!(key in raw)) continue;
    const ok = fields[key].safeParse(raw[key]);
    if (ok.success) out[key] = ok.data;
  }
  return out;
}

/** Hocuspocus's awareness message type (`<document name><1><awareness update>`). */
const messageAwareness = 1;

/**
 * The Yjs client ids an awareness message gives a state (not those it removes); null for every
 * other message. Read from the raw message in `beforeHandleMessage`, before Hocuspocus applies
 * anything (the cap on a connection's clients is checked there). Throws when the message cannot
 * be read.
 */
export function awarenessClientsOfMessage(message: Uint8Array): Set<number> | null {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  if (decoding.readVarUint(decoder) !== messageAwareness) return null;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const clients = new Set<number>();
  for (let n = decoding.readVarUint(update); n > 0; n--) {
    const clientId = decoding.readVarUint(update);
    decoding.readVarUint(update); // clock
    if (decoding.readVarString(update) !== "null") clients.add(clientId);
  }
  return clients;
}
