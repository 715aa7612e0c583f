import { apiKeys, type Database } from "@codeclass/db";
import { type ApiKeyCreateInput, apiKeyCreateInput } from "@codeclass/validators";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import { recordAudit } from "../audit.ts";
import { hashApiKey, newApiKey, shownPrefix } from "./hash.ts";

/**
 * Makes a key for the Judge0-compatible API (administrators only). The key itself is in the
 * answer and nowhere else: only its hash is stored, so it is shown once.
 */
export async function create(db: Database, actor: Actor, raw: ApiKeyCreateInput) {
  requireAdmin(actor);
  const input = apiKeyCreateInput.parse(raw);
  const key = newApiKey();
  return db.transaction(async (tx) => {
    await requireCourse(tx, actor, input.courseId, "manage");
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: shownPrefix(key),
        keyHash: hashApiKey(key),
        createdBy: actor.id,
        courseId: input.courseId,
        requestsPerMinute: input.requestsPerMinute,
      })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "apiKey.create",
      targetType: "apiKey",
      targetId: row!.id,
      courseId: input.courseId,
      data: { name: input.name },
    });
    return { ...row!, key };
  });
}
