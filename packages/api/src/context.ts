import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { type Actor, actorFromUser, type RunCaps, readSessions, sessionEnd } from "@codeclass/services";
import { VerifiedCredentials, type VerifiedSession } from "./verified-credentials.ts";

/** What every procedure can reach: the platform's parts plus the caller. */
export interface ApiDeps {
  db: Database;
  auth: Auth;
  /** OAuth providers that are configured, for the sign-in page. */
  socialProviders: ("github" | "google")[];
  version: string;
  /** The platform's public URL, for links in mail (set-password links of imported accounts). */
  publicUrl: string;
  /** Wakes run.events subscribers. */
  runEvents: import("./run-events-hub.ts").RunEventsHub;
  /** Whether code can run here (the worker's sandbox), for the run page. */
  sandboxStatus: () => Promise<{ available: boolean; reason: string | null }>;
  runCaps?: RunCaps;
  /** The LiveKit server for live sessions' video; null or absent when video is not configured. */
  livekit?: import("@codeclass/services").live.LiveKitConfig | null;
  /** Edits live workspace documents (the collaboration server's `editWorkspace`); absent where no collaboration server runs. */
  workspaceEditor?: import("@codeclass/services").WorkspaceEditor;
  /** The server's monitor (figures, alerts, history) for monitor.overview; absent outside the server. */
  monitor?: import("@codeclass/services").monitor.MonitorSource;
  /** Credentials better-auth has verified, and their sessions (the server's); absent: every request asks better-auth. */
  verified?: VerifiedCredentials;
}

export interface Context extends ApiDeps {
  /** The signed-in caller, or null. */
  actor: Actor | null;
  /** The better-auth session the caller signed in with (its event streams end when it does); absent in server-side callers. */
  sessionId?: string;
  /** The admin acting as the caller (an impersonated session): audit rows name them (services `actingAs`). */
  impersonatedBy?: string;
  requestId: string;
  /** The request's credential headers (bearer token or cookie), for better-auth calls made on the caller's behalf; absent in server-side callers. */
  credentials?: Headers;
  /** Headers added to the HTTP answer (better-auth's Set-Cookie when an admin starts impersonating); absent in server-side callers. */
  resHeaders?: Headers;
}

/** Builds the context from a request: the better-auth session comes from its bearer token when it sends one, else its cookie. */
export async function createContext(deps: ApiDeps, req: Request, requestId: string, resHeaders?: Headers): Promise<Context> {
  const headers = credentialHeaders({ authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") });
  const found = await callerOf(deps, headers);
  return {
    ...deps,
    requestId,
    actor: found ? actorFromUser({ id: found.userId, role: found.role }) : null,
    sessionId: found?.sessionId,
    impersonatedBy: found?.impersonatedBy ?? undefined,
    credentials: headers,
    resHeaders,
  };
}

/** The caller these credentials name now: their session as remembered (deps.verified) and read again, or as better-auth finds it. */
async function callerOf(deps: ApiDeps, headers: Headers): Promise<(VerifiedSession & { role: string }) | null> {
  // The credentials exactly as sent are the key: only what better-auth accepted is remembered.
  const authorization = headers.get("authorization");
  const cookie = headers.get("cookie");
  if (!authorization && !cookie) return null;
  const key = deps.verified ? VerifiedCredentials.key(authorization ? "bearer" : "cookie", authorization ?? cookie!) : null;
  const known = key ? deps.verified?.get(key) : undefined;
  if (key && known) {
    // One query: the session still there and not expired, its user not banned, and the role now.
    const state = (await readSessions(deps.db, [known.sessionId])).get(known.sessionId);
    if (state && !sessionEnd(state)) return { ...known, role: state.role };
    deps.verified?.forget(key);
    return null;
  }
  const session = await deps.auth.api.getSession({ headers });
  // better-auth does not look at bans (an administrator's disable deletes the sessions; a ban made
  // otherwise leaves them): refused here as on the remembered path.
  if (!session || sessionEnd({ expiresAt: session.session.expiresAt, ...session.user })) return null;
  const found: VerifiedSession = {
    sessionId: session.session.id,
    userId: session.user.id,
    impersonatedBy: session.session.impersonatedBy ?? null,
  };
  if (key) deps.verified?.remember(key, found);
  return { ...found, role: (session.user as { role?: string | null }).role ?? "" };
}

export { actorFromUser };
