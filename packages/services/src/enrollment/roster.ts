import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { selectRoster } from "./select-roster.ts";

/** The roster: admins, the course's instructors and TAs. */
export async function roster(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>) {
  const { courseId } = courseRef.parse(raw);
  await requireCourse(db, actor, courseId, "roster");
  return selectRoster(db, courseId);
}
