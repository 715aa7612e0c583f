import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "./access.ts";
import type { Actor } from "./actor.ts";
import { publicCourse } from "./course-public.ts";

/** A course as its members (and admins) see it, with what the caller may do there. */
export async function getCourse(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>) {
  const { courseId } = courseRef.parse(raw);
  const a = await requireCourse(db, actor, courseId, "view");
  return { course: publicCourse(a.course), myRole: a.myRole, canManage: a.canManage, canSeeRoster: a.canSeeRoster };
}
