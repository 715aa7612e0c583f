import type { Database } from "@codeclass/db";
import { joinWithLinkInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { findCourseSecret, findInvitation, type JoinResult, joinCourse } from "./join-course.ts";

/**
 * Joins with the token of an invitation link (/join/:token): the course's own link (any signed-in
 * user) or a personal invitation mailed to a pasted address (only the account with that address,
 * once). Wrong tokens count against the caller like wrong codes.
 */
export async function joinWithLink(db: Database, actor: Actor, raw: z.input<typeof joinWithLinkInput>): Promise<JoinResult> {
  const { token } = joinWithLinkInput.parse(raw);
  return joinCourse(db, actor, "token", async () => (await findCourseSecret(db, "link", token)) ?? (await findInvitation(db, token)));
}
