import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { publicCourse } from "./public-course.ts";

/** A course as its members (and admins) see it, with what the caller may do there. */
export async function get(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>) {
  const { courseId } = courseRef.parse(raw);
  const a = await requireCourse(db, actor, courseId, "view");
  return { course: publicCourse(a.course), myRole: a.myRole, canManage: a.canManage, canSeeRoster: a.canSeeRoster };
}
