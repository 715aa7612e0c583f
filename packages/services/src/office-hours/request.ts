import { type Database, officeHourRequests } from "@codeclass/db";
import { type OfficeHoursRequestInput, officeHoursRequestInput } from "@codeclass/validators";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { badRequest, conflict, forbidden } from "../errors.ts";
import { isUniqueViolation } from "../pg-errors.ts";
import { notifyOfficeHours } from "./notify.ts";
import { courseStaff, type OfficeHourRequest, openOf, requestViews } from "./view.ts";

/** A student of the course asks a staff member (or any of them) for a private call; one open request per student and course. */
export async function request(db: Database, actor: Actor, raw: OfficeHoursRequestInput): Promise<OfficeHourRequest> {
  const input = officeHoursRequestInput.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      const access = await requireCourse(tx, actor, input.courseId, "view");
      if (access.myRole !== "student") throw forbidden("Only the course's students ask for office hours");
      if (input.staffId && !(await courseStaff(tx, input.courseId)).some((s) => s.id === input.staffId))
        throw badRequest("is not an instructor or TA of this course", "staffId");
      const [open] = await requestViews(tx, openOf(input.courseId, actor.id));
      if (open) throw conflict(`you already have an open request in this course ("${open.topic}"): cancel it first`, "courseId");
      const [row] = await tx
        .insert(officeHourRequests)
        .values({ courseId: input.courseId, studentId: actor.id, staffId: input.staffId ?? null, topic: input.topic })
        .returning({ id: officeHourRequests.id });
      await notifyOfficeHours(tx, input.courseId);
      const [view] = await requestViews(tx, openOf(input.courseId, actor.id));
      if (!view || view.id !== row!.id) throw new Error("the new request is not open");
      return view;
    });
  } catch (e) {
    // Two requests at once: the partial unique index keeps one.
    if (isUniqueViolation(e, "office_hour_requests_open_idx"))
      throw conflict("you already have an open request in this course: cancel it first", "courseId");
    throw e;
  }
}
