import { actorFromUser, createCaller } from "@codeclass/api";
import { createAuth } from "@codeclass/auth";
import type { Database } from "@codeclass/db";

/** A real better-auth instance on the test database (mail is collected in `outbox`). */
export function testAuth(db: Database, baseURL = "http://localhost:3000") {
  const outbox: { to: string; subject: string; text: string }[] = [];
  const auth = createAuth({
    db,
    baseURL,
    secret: "test-secret-test-secret-test-secret-0123",
    mailer: { send: async (m) => void outbox.push(m) },
    rateLimit: { enabled: false },
  });
  return { auth, outbox };
}

/** A tRPC caller acting as `user` (or anonymous with null), through the real router and middleware. */
export function callerFor(db: Database, user: { id: string; role: string } | null) {
  const { auth } = testAuth(db);
  return createCaller({ db, auth, socialProviders: [], version: "test", requestId: "test", actor: user ? actorFromUser(user) : null });
}
export type Caller = ReturnType<typeof callerFor>;
