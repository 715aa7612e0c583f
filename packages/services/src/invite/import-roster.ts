import type { DbOrTx } from "@codeclass/db";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { conflict } from "../errors.ts";
import type { ImportScope } from "../import/index.ts";

/** Roles an instructor's import may give: never instructor (a co-instructor is added by email, one at a time). */
export const instructorImportRoles = ["student", "ta"] as const;

/** The scope of an instructor's roster import, once the actor is found to manage the (open) course. */
export async function instructorImportScope(db: DbOrTx, actor: Actor, courseId: string): Promise<ImportScope> {
  const { course } = await requireCourse(db, actor, courseId, "manage");
  if (course.archivedAt) throw conflict("This course is archived: restore it before changing its roster");
  return { courseId, roles: instructorImportRoles };
}
