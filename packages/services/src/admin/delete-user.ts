import { courses, type Database, enrollments, user, verification } from "@codeclass/db";
import { type AdminUserRef, adminUserRef } from "@codeclass/validators";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { keepAnAdmin, lockUser, notYourself, requireAdmin } from "./require-admin.ts";

/**
 * Deletes an account and what is only theirs (README "Deleting a user"): sign-in methods,
 * sessions, two-factor secrets, enrollments, their workspaces with their edit history, and their
 * runs. What others rely on stays with no author: audit rows, courses they created, their edits in
 * other people's workspaces and course templates they saved. The audit row of the deletion keeps
 * the account's email and name. Never oneself, never the last enabled administrator, never a
 * course's only instructor (make someone else its instructor first).
 */
export async function deleteUser(db: Database, actor: Actor, raw: AdminUserRef) {
  requireAdmin(actor);
  const input = adminUserRef.parse(raw);
  notYourself(actor, input.userId, "delete");
  return db.transaction(async (tx) => {
    const target = await lockUser(tx, input.userId);
    await keepAnAdmin(tx, target, "delete");
    const taught = tx
      .select({ courseId: enrollments.courseId })
      .from(enrollments)
      .where(and(eq(enrollments.userId, target.id), eq(enrollments.role, "instructor")));
    const alone = await tx
      .select({ code: courses.code })
      .from(courses)
      .where(
        and(
          inArray(courses.id, taught),
          sql`(select count(*) from ${enrollments} e where e.course_id = "courses"."id" and e.role = 'instructor') = 1`,
        ),
      )
      .orderBy(courses.code);
    if (alone.length)
      throw conflict(`is the only instructor of ${alone.map((c) => c.code).join(", ")}: make someone else its instructor first`, "userId");
    await tx.delete(verification).where(and(eq(verification.value, target.id), like(verification.identifier, "reset-password:%")));
    await tx.delete(user).where(eq(user.id, target.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.delete",
      targetType: "user",
      targetId: target.id,
      data: { email: target.email, name: target.name, role: target.role },
    });
    return { deleted: target.id };
  });
}
