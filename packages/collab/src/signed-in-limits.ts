import type { IncomingMessage } from "node:http";
import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Hocuspocus } from "@hocuspocus/server";

type ClientConnection = ReturnType<Hocuspocus["handleConnection"]>;

/**
 * Hocuspocus's limits on what one socket may hold before any of its documents is authenticated.
 * Its defaults (100 documents, 1,000 queued messages) stand against unauthenticated floods; they
 * also close the review panel of a course over 100 students, which opens every student's document
 * over one socket, and (after a dropped connection) sends all their authentications at once.
 */
export interface PendingLimits {
  /** Documents a socket may have opened and not yet authenticated. */
  maxPendingDocuments: number;
  /** Messages (sync, awareness) queued for those documents. */
  maxUnauthenticatedQueueMessages: number;
}

/** What a socket whose upgrade request carries a valid session may hold (a 2,000-student course's panel, with room). */
export const signedInPendingLimits: PendingLimits = { maxPendingDocuments: 2_500, maxUnauthenticatedQueueMessages: 10_000 };

/**
 * Whether the upgrade request itself carries a valid session: the browser's cookie (from an allowed
 * Origin, or without one: not a browser) or an `Authorization: Bearer` header (scripts). Such a
 * socket belongs to a signed-in person; a socket without one keeps Hocuspocus's defaults. Either
 * way every document is still authenticated and checked on its own (extensions/authentication.ts).
 */
export async function upgradeSignedIn(auth: Auth, req: IncomingMessage, allowedOrigins: string[] | undefined): Promise<boolean> {
  const cookie = req.headers.cookie ?? null;
  const authorization = req.headers.authorization ?? null;
  if (!cookie && !authorization) return false;
  const origin = req.headers.origin;
  if (cookie && !authorization && origin && allowedOrigins && !allowedOrigins.includes(origin)) return false;
  try {
    const found = await auth.api.getSession({ headers: credentialHeaders({ authorization, cookie: authorization ? null : cookie }) });
    return Boolean(found && !found.user.banned);
  } catch {
    return false;
  }
}

/**
 * Gives one connection other pending limits. Hocuspocus 4 reads them per connection from fields
 * set in its constructor from the server's configuration, with no option per connection; the
 * collab tests check that a signed-in panel gets past 100 documents and an anonymous socket does not.
 */
export function setPendingLimits(client: ClientConnection, limits: PendingLimits): void {
  Object.assign(client as unknown as PendingLimits, limits);
}
