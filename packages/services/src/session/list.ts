import { courseSessions, type DbOrTx } from "@codeclass/db";
import { sessionListInput } from "@codeclass/validators";
import { and, asc, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { publicSession } from "./public-session.ts";

/** A course's sessions for its members, soonest first; ended ones only when asked. */
export async function list(db: DbOrTx, actor: Actor, raw: z.input<typeof sessionListInput>) {
  const { courseId, includeEnded } = sessionListInput.parse(raw);
  const access = await requireCourse(db, actor, courseId, "view");
  const rows = await db
    .select()
    .from(courseSessions)
    .where(and(eq(courseSessions.courseId, courseId), includeEnded ? undefined : ne(courseSessions.status, "ended")))
    .orderBy(asc(courseSessions.startsAt), asc(courseSessions.id))
    .limit(200);
  return rows.map((r) => publicSession(r, access.canSeeRoster));
}
