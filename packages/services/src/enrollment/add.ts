import { type Database, enrollments, user } from "@codeclass/db";
import { enrollmentAddInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, notFound } from "../errors.ts";
import { lockManagedCourse } from "./guards.ts";
import { selectRoster } from "./select-roster.ts";

/**
 * Enrolls an existing account, found by email, with a course role. An account whose email is
 * not verified yet is enrolled too, but the enrollment waits for verification: the result says so.
 */
export async function add(db: Database, actor: Actor, raw: z.input<typeof enrollmentAddInput>) {
  const input = enrollmentAddInput.parse(raw);
  return db.transaction(async (tx) => {
    await lockManagedCourse(tx, actor, input.courseId);
    const [member] = await tx.select({ id: user.id }).from(user).where(eq(user.email, input.email));
    if (!member) throw notFound(`no account uses ${input.email}; ask them to sign up first, or have an admin create the account`, "email");
    const inserted = await tx
      .insert(enrollments)
      .values({ courseId: input.courseId, userId: member.id, role: input.role })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw conflict(`${input.email} is already enrolled in this course`, "email");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "enrollment.add",
      targetType: "user",
      targetId: member.id,
      courseId: input.courseId,
      data: { role: input.role },
    });
    const [entry] = await selectRoster(tx, input.courseId, member.id);
    return {
      ...entry!,
      notice: entry!.emailVerified
        ? null
        : `${input.email} has not verified their email address yet: the enrollment takes effect once they open the link in the mail Codeclass sent them`,
    };
  });
}
