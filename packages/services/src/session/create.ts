import { courseSessions, type Database } from "@codeclass/db";
import { type SessionCreateInput, sessionCreateInput } from "@codeclass/validators";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden } from "../errors.ts";
import { publicSession } from "./public-session.ts";

/** Staff schedule a session: a title, a start and a duration. */
export async function create(db: Database, actor: Actor, raw: SessionCreateInput) {
  const { courseId, title, startsAt, durationMinutes } = sessionCreateInput.parse(raw);
  return db.transaction(async (tx) => {
    const access = await requireCourse(tx, actor, courseId, "view");
    if (!access.canSeeRoster) throw forbidden("Only the course's instructors and TAs can schedule live sessions");
    if (access.course.archivedAt) throw conflict("this course is archived: restore it to schedule live sessions");
    const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
    const [row] = await tx.insert(courseSessions).values({ courseId, title, startsAt, endsAt, createdBy: actor.id }).returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "session.create",
      targetType: "session",
      targetId: row!.id,
      courseId,
      data: { title, startsAt: startsAt.toISOString(), durationMinutes },
    });
    return publicSession(row!, true);
  });
}
