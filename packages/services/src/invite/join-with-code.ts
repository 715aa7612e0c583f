import type { Database } from "@codeclass/db";
import { joinWithCodeInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { findCourseSecret, type JoinResult, joinCourse } from "./join-course.ts";

/**
 * Any signed-in user joins the course whose join code this is (case, spaces and dashes do not
 * matter), with the role the code grants. Already a member: nothing changes. Wrong codes count
 * against the caller (10 in 15 minutes lock joining until the window ends).
 */
export async function joinWithCode(db: Database, actor: Actor, raw: z.input<typeof joinWithCodeInput>): Promise<JoinResult> {
  const { code } = joinWithCodeInput.parse(raw);
  return joinCourse(db, actor, "code", () => findCourseSecret(db, "code", code));
}
