/**
 * Who opens a document: the better-auth session from the provider's token or the browser's
 * cookie (never both), the page's Origin when a cookie is used, and the access rules of the
 * workspace or session whiteboard.
 * Sets the connection read-only where the role says so and fills the connection's context.
 */
import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { actorFromUser, ServiceError, sessionEnd, whiteboardAccess, workspaceAccess } from "@codeclass/services";
import { sessionIdOfWhiteboardDocument, workspaceIdOfDocument } from "@codeclass/validators";
import { displayName } from "@codeclass/workspace-doc";
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { CollabContext } from "../context.ts";
import { CollabRefusal } from "../updates.ts";

export interface AuthenticationOptions {
  db: Database;
  auth: Auth;
  logger: Logger;
  /** Origins whose pages may use the session cookie; unset: not checked (CollabServerOptions). */
  allowedOrigins?: string[];
}

type FoundSession = Awaited<ReturnType<Auth["api"]["getSession"]>>;

/**
 * How long one socket's session lookup serves its next documents, ms. A review panel opens a whole
 * course's documents over one socket with one credential: one lookup instead of one per student.
 * Short, and below the session watch's recheck, so a revoked session opens nothing new for longer
 * than it keeps what it has open.
 */
const sessionMemoMs = 2_000;

export class Authentication implements Extension<CollabContext> {
  extensionName = "codeclass-authentication";
  /** Session lookups by socket and credential, each for sessionMemoMs. */
  private readonly sessions = new Map<string, { at: number; found: Promise<FoundSession> }>();

  constructor(private readonly options: AuthenticationOptions) {}

  async onAuthenticate(data: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
    const log = this.options.logger;
    try {
      return await this.authenticate(data);
    } catch (e) {
      if (e instanceof CollabRefusal) {
        log.info({ component: "collab", document: data.documentName.slice(0, 80), reason: e.reason }, "document refused");
        throw e;
      }
      log.error({ component: "collab", err: e }, "authentication failed");
      throw new CollabRefusal("the server could not check your access; try again", 4500);
    }
  }

  private async authenticate(data: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
    const { db, allowedOrigins, logger: log } = this.options;
    const workspaceId = workspaceIdOfDocument(data.documentName);
    const boardId = workspaceId ? null : sessionIdOfWhiteboardDocument(data.documentName);
    if (!workspaceId && !boardId)
      throw new CollabRefusal(
        `bad document name "${data.documentName.slice(0, 80)}": use workspace:<workspace id> or whiteboard:<session id>`,
        4400,
      );
    const request = new Headers(data.requestHeaders);
    const origin = request.get("origin");
    const cookie = request.get("cookie");
    // A cookie rides along with any page's WebSocket, so a page of another origin (even a sibling
    // localhost port) must not use it, whatever else it sends. Browsers always send Origin on a
    // WebSocket; a client without one is not a browser and holds the cookie itself.
    if (cookie && origin && allowedOrigins && !allowedOrigins.includes(origin))
      throw new CollabRefusal(`pages on ${origin.slice(0, 100)} may not open workspaces: use ${allowedOrigins[0]}`, 4403);
    // The provider sends "" when it has no token. A token that is given decides alone: were the
    // cookie asked too, a token that does not authenticate would fall back to the victim's cookie.
    const viaToken = Boolean(data.token);
    const headers = credentialHeaders({ authorization: viaToken ? `Bearer ${data.token}` : null, cookie });
    let found: FoundSession = null;
    try {
      if (viaToken || cookie) found = await this.lookup(`${data.socketId}\0${viaToken ? data.token : cookie}`, headers);
    } catch (e) {
      log.warn({ err: e, component: "collab" }, "session lookup failed");
    }
    if (!found)
      throw new CollabRefusal(
        viaToken ? "sign in first: the token is not a valid session" : "sign in first: no valid session in the cookie or token",
        4401,
      );
    const ended = sessionEnd({ expiresAt: found.session.expiresAt, banned: found.user.banned, banExpires: found.user.banExpires });
    if (ended) throw new CollabRefusal(ended, 4401);
    const session = found;
    const actor = actorFromUser(session.user as { id: string; role?: string | null });
    let access: { canRead: boolean; canWrite: boolean; staff: boolean; refusal: string | null; workspace?: { kind: string } };
    try {
      access = workspaceId ? await workspaceAccess(db, actor, workspaceId) : await whiteboardAccess(db, actor, boardId!);
    } catch (e) {
      if (e instanceof ServiceError && e.code === "NOT_FOUND")
        throw new CollabRefusal(
          workspaceId ? "unknown workspace: no workspace has this id" : "unknown session: no session has this id",
          4404,
        );
      throw e;
    }
    if (!access.canRead) throw new CollabRefusal(access.refusal ?? "not your workspace", 4403);
    data.connectionConfig.readOnly = !access.canWrite;
    log.debug({ component: "collab", userId: actor.id, workspaceId, whiteboard: boardId, readOnly: !access.canWrite }, "document opened");
    return {
      userId: actor.id,
      userName: displayName(session.user.name),
      workspaceId: workspaceId ?? "",
      whiteboard: boardId,
      staff: access.staff,
      group: access.workspace?.kind === "group",
      sessionId: session.session.id,
      sessionExpiresAt: new Date(session.session.expiresAt).getTime(),
      sessionEnded: null,
    };
  }

  /** The session for these credentials, looked up once per socket and credential every sessionMemoMs. */
  private lookup(key: string, headers: Headers): Promise<FoundSession> {
    const now = Date.now();
    const memo = this.sessions.get(key);
    if (memo && now - memo.at < sessionMemoMs) return memo.found;
    if (this.sessions.size > 1_000) for (const [k, m] of this.sessions) if (now - m.at >= sessionMemoMs) this.sessions.delete(k);
    const found = this.options.auth.api.getSession({ headers });
    // A failed lookup is not kept: the next document asks again.
    found.catch(() => this.sessions.delete(key));
    this.sessions.set(key, { at: now, found });
    return found;
  }
}
