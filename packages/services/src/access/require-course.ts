import type { DbOrTx } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import { type CourseAccess, courseAccess } from "./course-access.ts";

type Need = "view" | "roster" | "manage";
const sentence: Record<Need, string> = {
  view: "You are not a member of this course",
  roster: "Only the course's instructors and TAs can see this",
  manage: "Only the course's instructors (or an admin) can change this course",
};

/** courseAccess, then FORBIDDEN unless the actor has the needed level. */
export async function requireCourse(db: DbOrTx, actor: Actor, courseId: string, need: Need): Promise<CourseAccess> {
  const access = await courseAccess(db, actor, courseId);
  const ok = need === "view" ? access.canView : need === "roster" ? access.canSeeRoster : access.canManage;
  if (!ok) throw forbidden(sentence[need]);
  return access;
}
