import { courseJoinSecrets, type Database } from "@codeclass/db";
import { joinSettingsInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { readJoinSettings } from "./join-settings-view.ts";
import type { InviteOptions } from "./settings.ts";
import { freshSecret } from "./store-secret.ts";

/**
 * Turns the course's join code or invitation link on or off, sets when it expires (null: never)
 * and the role it grants (student or ta). The first call for a kind makes its secret. The
 * course's instructors and admins; an archived course's settings may change (joining it is refused anyway).
 */
export async function update(db: Database, actor: Actor, raw: z.input<typeof joinSettingsInput>, options: InviteOptions) {
  const input = joinSettingsInput.parse(raw);
  return db.transaction(async (tx) => {
    await requireCourse(tx, actor, input.courseId, "manage");
    const fresh = await freshSecret(tx, input.kind);
    const changes = {
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }),
      ...(input.role !== undefined && { role: input.role }),
    };
    await tx
      .insert(courseJoinSecrets)
      .values({ courseId: input.courseId, kind: input.kind, ...fresh, ...changes, createdBy: actor.id })
      .onConflictDoUpdate({
        target: [courseJoinSecrets.courseId, courseJoinSecrets.kind],
        // An existing row keeps its secret: only the settings given change.
        set: { ...changes, updatedAt: sql`now()` },
      });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invite.update",
      targetType: "course",
      targetId: input.courseId,
      courseId: input.courseId,
      data: { kind: input.kind, ...changes },
    });
    return readJoinSettings(tx, input.courseId, options.publicUrl);
  });
}
