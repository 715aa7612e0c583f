import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { readJoinSettings } from "./join-settings-view.ts";

export interface InviteOptions {
  /** The platform's public URL, for invitation links. */
  publicUrl: string;
}

/**
 * The course's join code and invitation link with their settings: the course's instructors,
 * admins, and its TAs (who hand the code out in a lab, but cannot change it). Never students.
 */
export async function settings(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>, options: InviteOptions) {
  const { courseId } = courseRef.parse(raw);
  await requireCourse(db, actor, courseId, "roster");
  return readJoinSettings(db, courseId, options.publicUrl);
}
