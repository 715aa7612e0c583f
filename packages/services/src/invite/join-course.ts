import { courseInvitations, courseJoinSecrets, courses, type Database, enrollments, type Tx, user } from "@codeclass/db";
import type { CourseRole, JoinKind } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { chargeJoinAttempt, refundJoinAttempt } from "./join-throttle.ts";
import { hashSecret, sameSecret } from "./secrets.ts";

/** What a join code or token was found to be. */
export type JoinTarget =
  | { via: JoinKind; courseId: string; secretHash: string }
  | { via: "invitation"; courseId: string; invitationId: string };

export interface JoinResult {
  course: { id: string; code: string; title: string };
  /** The caller's role in the course now (an existing role is never changed by joining). */
  role: CourseRole;
  /** False: the caller was already a member, and nothing changed. */
  joined: boolean;
  /** True: the caller's email is not verified yet, so the enrollment grants nothing until it is. */
  pending: boolean;
  notice: string | null;
}

/** The course's code or link whose secret this is (constant-time checked), or null. */
export async function findCourseSecret(db: Database, kind: JoinKind, secret: string): Promise<JoinTarget | null> {
  const secretHash = hashSecret(secret);
  const [row] = await db
    .select({ courseId: courseJoinSecrets.courseId, secret: courseJoinSecrets.secret })
    .from(courseJoinSecrets)
    .where(and(eq(courseJoinSecrets.secretHash, secretHash), eq(courseJoinSecrets.kind, kind)));
  return row && sameSecret(row.secret, secret) ? { via: kind, courseId: row.courseId, secretHash } : null;
}

/** A personal invitation whose token this is, or null. */
export async function findInvitation(db: Database, token: string): Promise<JoinTarget | null> {
  const [row] = await db
    .select({ id: courseInvitations.id, courseId: courseInvitations.courseId })
    .from(courseInvitations)
    .where(eq(courseInvitations.tokenHash, hashSecret(token)));
  return row ? { via: "invitation", courseId: row.courseId, invitationId: row.id } : null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The shared path of every join: count the attempt against the caller's wrong-code budget, find
 * the target (`find`, outside any transaction), give the attempt back when it was found, then
 * enroll in one transaction that checks everything again under a lock on the course row.
 */
export async function joinCourse(
  db: Database,
  actor: Actor,
  field: "code" | "token",
  find: () => Promise<JoinTarget | null>,
): Promise<JoinResult> {
  const target = await findJoinTarget(db, actor, field, find);
  return db.transaction(async (tx) => {
    // Shared lock: joins run side by side, an archive (or restore) waits for them, and they for it.
    const [course] = await tx.select().from(courses).where(eq(courses.id, target.courseId)).for("share");
    if (!course) throw notFound("is no longer valid: its course was deleted", field);
    const [me] = await tx.select({ email: user.email, emailVerified: user.emailVerified }).from(user).where(eq(user.id, actor.id));
    if (!me) throw forbidden("your account no longer exists");
    const grant = await checkJoinTarget(tx, target, me.email, actor, field);
    if (course.archivedAt) throw conflict("This course is archived: it takes no new members");
    const inserted = await tx
      .insert(enrollments)
      .values({ courseId: course.id, userId: actor.id, role: grant.role })
      .onConflictDoNothing()
      .returning({ role: enrollments.role });
    const joined = inserted.length > 0;
    if (target.via === "invitation" && grant.markAccepted)
      await tx
        .update(courseInvitations)
        .set({ acceptedAt: new Date(), acceptedBy: actor.id })
        .where(eq(courseInvitations.id, target.invitationId));
    if (joined)
      await recordAudit(tx, {
        actorId: actor.id,
        action: "invite.join",
        targetType: "user",
        targetId: actor.id,
        courseId: course.id,
        data: { via: target.via, role: grant.role },
      });
    const [now] = await tx
      .select({ role: enrollments.role })
      .from(enrollments)
      .where(and(eq(enrollments.courseId, course.id), eq(enrollments.userId, actor.id)));
    const pending = !me.emailVerified;
    return {
      course: { id: course.id, code: course.code, title: course.title },
      role: now!.role,
      joined,
      pending,
      notice: pending
        ? "Your enrollment takes effect once you confirm your email address: open the link in the mail Codeclass sent you"
        : null,
    };
  });
}

/**
 * Counts the attempt against the caller's wrong-code budget, finds the target (`find`, outside any
 * transaction) and gives the attempt back when it was found; a miss is NOT_FOUND on `field`.
 */
export async function findJoinTarget(
  db: Database,
  actor: Actor,
  field: "code" | "token",
  find: () => Promise<JoinTarget | null>,
): Promise<JoinTarget> {
  await chargeJoinAttempt(db, actor.id);
  const target = await find();
  if (!target)
    throw field === "code"
      ? notFound("is not the join code of any course: check it with your instructor (8 letters or digits)", field)
      : notFound("is not a valid invitation link: it may have been replaced; ask your instructor for the current one", field);
  await refundJoinAttempt(db, actor.id);
  return target;
}

/** Whether the target lets `actor` (whose address is `email`) in now, and with which role; else the reason, on `field`. */
export function checkJoinTarget(tx: Tx, target: JoinTarget, email: string, actor: Actor, field: string) {
  return target.via === "invitation" ? checkInvitation(tx, target.invitationId, email, actor, field) : checkSecret(tx, target, field);
}

/** The code or link is still this secret, on, and not expired. */
async function checkSecret(tx: Tx, target: Extract<JoinTarget, { secretHash: string }>, field: string) {
  const [row] = await tx
    .select()
    .from(courseJoinSecrets)
    .where(and(eq(courseJoinSecrets.courseId, target.courseId), eq(courseJoinSecrets.kind, target.via)))
    .for("share");
  const what = target.via === "code" ? "join code" : "invitation link";
  if (!row || row.secretHash !== target.secretHash)
    throw notFound(`was replaced by a new ${what} a moment ago: ask your instructor for the current one`, field);
  if (!row.enabled) throw conflict(`Joining with this ${what} is turned off: ask your instructor`, field);
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
    throw conflict(`This ${what} expired on ${day(row.expiresAt)}: ask your instructor for a new one`, field);
  return { role: row.role, markAccepted: false };
}

/** A personal invitation: for the address it was mailed to, unexpired, used once. */
async function checkInvitation(tx: Tx, invitationId: string, email: string, actor: Actor, field: string) {
  const [row] = await tx.select().from(courseInvitations).where(eq(courseInvitations.id, invitationId)).for("update");
  if (!row) throw notFound("is not a valid invitation link", field);
  if (row.email !== email.toLowerCase())
    throw forbidden("This invitation was mailed to another address: sign in (or sign up) with the address it was sent to");
  const [enrolled] = await tx
    .select({ role: enrollments.role })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, row.courseId), eq(enrollments.userId, actor.id)));
  if (row.acceptedAt && !enrolled) throw conflict("This invitation has already been used", field);
  if (!row.acceptedAt && row.expiresAt.getTime() <= Date.now())
    throw conflict(`This invitation expired on ${day(row.expiresAt)}: ask your instructor to invite you again`, field);
  return { role: row.role, markAccepted: !row.acceptedAt };
}
