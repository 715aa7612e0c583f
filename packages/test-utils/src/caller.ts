import { actorFromUser, createCaller, createRunEventsHub, type RunEventsHub } from "@codeclass/api";
import { createAuth } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { testAuthSecret } from "./auth-secret.ts";

/** A real better-auth instance on the test database (mail is collected in `outbox`). */
export function testAuth(db: Database, baseURL = "http://localhost:3000") {
  const outbox: { to: string; subject: string; text: string }[] = [];
  const auth = createAuth({
    db,
    baseURL,
    secret: testAuthSecret,
    mailer: { send: async (m) => void outbox.push(m) },
    rateLimit: { enabled: false },
  });
  return { auth, outbox };
}

const hubs = new WeakMap<Database, RunEventsHub>();

/** A tRPC caller acting as `user` (or anonymous with null), through the real router and middleware. */
export function callerFor(
  db: Database,
  user: { id: string; role: string } | null,
  /** `credentials`: the request's bearer or cookie header, for procedures that call better-auth on the caller's session (admin.impersonate). */
  options: {
    runCaps?: { perUser: number; maxQueued: number };
    credentials?: Headers;
    resHeaders?: Headers;
    /** The LiveKit server live sessions use (a stand-in's, in tests); absent: video is not configured. */
    livekit?: import("@codeclass/services").live.LiveKitConfig | null;
    /** Edits live workspace documents (a real collaboration server's `editWorkspace`, in tests); absent: none runs. */
    workspaceEditor?: import("@codeclass/services").WorkspaceEditor;
  } = {},
) {
  const { auth } = testAuth(db);
  const runEvents = hubs.get(db) ?? createRunEventsHub(db);
  hubs.set(db, runEvents);
  return createCaller({
    db,
    auth,
    socialProviders: [],
    version: "test",
    publicUrl: "http://localhost:3000",
    requestId: "test",
    actor: user ? actorFromUser(user) : null,
    runEvents,
    // The worker's sandbox is checked by the sandbox and worker tests; the API only reports it.
    sandboxStatus: async () => ({ available: true, reason: null }),
    runCaps: options.runCaps,
    credentials: options.credentials,
    resHeaders: options.resHeaders,
    livekit: options.livekit ?? null,
    workspaceEditor: options.workspaceEditor,
  });
}
export type Caller = ReturnType<typeof callerFor>;
