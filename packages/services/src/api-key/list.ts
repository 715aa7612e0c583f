import { apiKeys, courses, type Database, user } from "@codeclass/db";
import { desc, eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { requireAdmin } from "../admin/require-admin.ts";

/** Every API key, newest first (administrators only): label, shown prefix, owner, course, use; never the key. */
export async function list(db: Database, actor: Actor) {
  requireAdmin(actor);
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      requestsPerMinute: apiKeys.requestsPerMinute,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdBy: { id: user.id, name: user.name },
      course: { id: courses.id, code: courses.code, title: courses.title },
    })
    .from(apiKeys)
    .innerJoin(user, eq(user.id, apiKeys.createdBy))
    .innerJoin(courses, eq(courses.id, apiKeys.courseId))
    .orderBy(desc(apiKeys.createdAt));
}
