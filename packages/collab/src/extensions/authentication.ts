/**
 * Who opens a document: the better-auth session from the provider's token or the browser's
 * cookie (never both), the page's Origin when a cookie is used, and the workspace access rules.
 * Sets the connection read-only where the role says so and fills the connection's context.
 */
import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { actorFromUser, ServiceError, workspaceAccess } from "@codeclass/services";
import { workspaceIdOfDocument } from "@codeclass/validators";
import { displayName } from "@codeclass/workspace-doc";
import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { CollabContext } from "../context.ts";
import { CollabRefusal } from "../updates.ts";
import { sessionEnd } from "./session-watch.ts";

export interface AuthenticationOptions {
  db: Database;
  auth: Auth;
  logger: Logger;
  /** Origins whose pages may use the session cookie; unset: not checked (CollabServerOptions). */
  allowedOrigins?: string[];
}

export class Authentication implements Extension<CollabContext> {
  extensionName = "codeclass-authentication";

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
    const { db, auth, allowedOrigins, logger: log } = this.options;
    const workspaceId = workspaceIdOfDocument(data.documentName);
    if (!workspaceId) throw new CollabRefusal(`bad document name "${data.documentName.slice(0, 80)}": use workspace:<workspace id>`, 4400);
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
    let found: Awaited<ReturnType<Auth["api"]["getSession"]>> = null;
    try {
      if (viaToken || cookie) found = await auth.api.getSession({ headers });
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
    let access: Awaited<ReturnType<typeof workspaceAccess>>;
    try {
      access = await workspaceAccess(db, actor, workspaceId);
    } catch (e) {
      if (e instanceof ServiceError && e.code === "NOT_FOUND") throw new CollabRefusal("unknown workspace: no workspace has this id", 4404);
      throw e;
    }
    if (!access.canRead) throw new CollabRefusal(access.refusal ?? "not your workspace", 4403);
    data.connectionConfig.readOnly = !access.canWrite;
    log.debug({ component: "collab", userId: actor.id, workspaceId, readOnly: !access.canWrite }, "document opened");
    return {
      userId: actor.id,
      userName: displayName(session.user.name),
      workspaceId,
      staff: access.staff,
      group: access.workspace.kind === "group",
      sessionId: session.session.id,
      sessionExpiresAt: new Date(session.session.expiresAt).getTime(),
      sessionEnded: null,
    };
  }
}
