import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { grades } from "./grades.ts";

/**
 * A course's assignments for its course page: staff see all; students those already open, each
 * with their own grade and status.
 */
export async function list(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>) {
  const { courseId } = courseRef.parse(raw);
  const access = await requireCourse(db, actor, courseId, "view");
  const staff = access.canSeeRoster;
  const { assignments, grades: byAssignment } = await grades(db, courseId, staff ? [] : [actor.id]);
  const now = new Date();
  return assignments
    .filter((a) => staff || !a.opensAt || a.opensAt <= now)
    .map((a) => ({ ...a, mine: staff ? null : (byAssignment.get(a.id)?.get(actor.id) ?? null) }));
}
