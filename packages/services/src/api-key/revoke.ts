import { apiKeys, type Database } from "@codeclass/db";
import { type ApiKeyRef, apiKeyRef } from "@codeclass/validators";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import { recordAudit } from "../audit.ts";
import { notFound } from "../errors.ts";

/** Revokes a key (administrators only): every later request with it is refused. Revoking twice is a no-op. */
export async function revoke(db: Database, actor: Actor, raw: ApiKeyRef) {
  requireAdmin(actor);
  const { keyId } = apiKeyRef.parse(raw);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, keyId))
      .for("update");
    if (!existing) throw notFound("no API key has this id", "keyId");
    if (existing.revokedAt) return { id: keyId, revokedAt: existing.revokedAt };
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
    await recordAudit(tx, { actorId: actor.id, action: "apiKey.revoke", targetType: "apiKey", targetId: keyId });
    return { id: keyId, revokedAt: row!.revokedAt };
  });
}
