import { courseJoinSecrets, type Database } from "@codeclass/db";
import { joinRegenerateInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { readJoinSettings } from "./join-settings-view.ts";
import type { InviteOptions } from "./settings.ts";
import { freshSecret } from "./store-secret.ts";

/**
 * Replaces the course's join code or link token with a new one: the old one stops working at once
 * (people already enrolled stay). Other settings are kept. The course's instructors and admins.
 */
export async function regenerate(db: Database, actor: Actor, raw: z.input<typeof joinRegenerateInput>, options: InviteOptions) {
  const { courseId, kind } = joinRegenerateInput.parse(raw);
  return db.transaction(async (tx) => {
    await requireCourse(tx, actor, courseId, "manage");
    const fresh = await freshSecret(tx, kind);
    await tx
      .insert(courseJoinSecrets)
      .values({ courseId, kind, ...fresh, createdBy: actor.id })
      .onConflictDoUpdate({
        target: [courseJoinSecrets.courseId, courseJoinSecrets.kind],
        set: { ...fresh, createdBy: actor.id, createdAt: sql`now()`, updatedAt: sql`now()` },
      });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invite.regenerate",
      targetType: "course",
      targetId: courseId,
      courseId,
      data: { kind },
    });
    return readJoinSettings(tx, courseId, options.publicUrl);
  });
}
