import type { Database, DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { courseStaff, type OfficeHourRequest, openInCourse, openOf, requestViews } from "./view.ts";

/** The office hours of a course as the caller sees them. */
export interface OfficeHoursState {
  courseId: string;
  /** Staff see the queue: every open request of the course (waiting, then in a call). */
  staff: boolean;
  requests: OfficeHourRequest[];
  /** A student's own open request, if any. */
  mine: OfficeHourRequest | null;
  /** Whom a student may ask for. */
  staffMembers: { id: string; name: string; role: "instructor" | "ta" }[];
}

/** Staff: the queue of open requests; a student: their own open request and whom they may ask. */
export async function queue(db: Database, actor: Actor, raw: z.input<typeof courseRef>): Promise<OfficeHoursState> {
  const { courseId } = courseRef.parse(raw);
  const access = await requireCourse(db, actor, courseId, "view");
  return stateOf(db, actor, courseId, access.canSeeRoster);
}

/** The state for a caller whose standing is known (a stream re-reads it on every change). */
export async function stateOf(db: DbOrTx, actor: Actor, courseId: string, staff: boolean): Promise<OfficeHoursState> {
  const requests = staff ? await requestViews(db, openInCourse(courseId)) : [];
  const [mine] = staff ? [] : await requestViews(db, openOf(courseId, actor.id));
  return { courseId, staff, requests, mine: mine ?? null, staffMembers: await courseStaff(db, courseId) };
}
