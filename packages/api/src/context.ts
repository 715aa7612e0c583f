import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { type Actor, actorFromUser, type RunCaps } from "@codeclass/services";

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
  const session = await deps.auth.api.getSession({ headers });
  return {
    ...deps,
    requestId,
    actor: session ? actorFromUser(session.user) : null,
    sessionId: session?.session.id,
    impersonatedBy: session?.session.impersonatedBy ?? undefined,
    credentials: headers,
    resHeaders,
  };
}

export { actorFromUser };
