import { createHmac, randomUUID } from "node:crypto";
import { courses, type Database, enrollments, session, user } from "@codeclass/db";
import type { CourseRole, GlobalRole } from "@codeclass/validators";
import { testAuthSecret } from "./auth-secret.ts";

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomUUID().slice(0, 4)}`;

export type UserRow = typeof user.$inferSelect;
export type CourseRow = typeof courses.$inferSelect;

/** A user row with a unique email (no password: callers sign in through `callerFor`). */
export async function makeUser(db: Database, overrides: Partial<{ role: GlobalRole; email: string; name: string }> = {}): Promise<UserRow> {
  const id = unique();
  const [row] = await db
    .insert(user)
    .values({
      id: randomUUID(),
      name: overrides.name ?? `User ${id}`,
      email: overrides.email ?? `user-${id}@test.local`,
      role: overrides.role ?? "student",
      emailVerified: true,
    })
    .returning();
  return row!;
}

/** A course with unique code; `instructor` (if given) is enrolled as its instructor. */
export async function makeCourse(
  db: Database,
  instructor?: { id: string },
  overrides: Partial<{ code: string; title: string; archived: boolean }> = {},
): Promise<CourseRow> {
  const [row] = await db
    .insert(courses)
    .values({
      code: overrides.code ?? `C-${unique()}`,
      title: overrides.title ?? "A course",
      createdBy: instructor?.id ?? null,
      archivedAt: overrides.archived ? new Date() : null,
    })
    .returning();
  if (instructor) await enroll(db, row!.id, instructor.id, "instructor");
  return row!;
}

export async function enroll(db: Database, courseId: string, userId: string, role: CourseRole): Promise<void> {
  await db.insert(enrollments).values({ courseId, userId, role });
}

/**
 * A better-auth session for `userId`, as sign-in would make it; returns its signed token, as
 * sign-in's `set-auth-token` gives it (the token, a dot, its HMAC-SHA256 under `secret`, URL-encoded):
 * what a client sends as `Authorization: Bearer <token>` or the Hocuspocus provider's `token`.
 * (A bare session token is refused: the server's bearer plugin requires the signature.)
 */
export async function makeSession(db: Database, userId: string, expiresInMs = 3_600_000, secret = testAuthSecret): Promise<string> {
  const token = randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", "");
  await db.insert(session).values({ id: randomUUID(), token, userId, expiresAt: new Date(Date.now() + expiresInMs) });
  return signSessionToken(token, secret);
}

/** A session token as sign-in hands it out (set-auth-token): the token, a dot, its HMAC-SHA256 under the auth secret, URL-encoded. */
export function signSessionToken(token: string, secret = testAuthSecret): string {
  return encodeURIComponent(`${token}.${createHmac("sha256", secret).update(token).digest("base64")}`);
}
