import { courseInvitations, courses, type Database, enrollments, user } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { inviteEmailsInput, pastedEmail, splitEmailList } from "@codeclass/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import { type Actor, isAdmin } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { busy, conflict } from "../errors.ts";
import { invitationMail } from "./invitation-mail.ts";
import { joinUrl } from "./join-settings-view.ts";
import { hashSecret, newInviteToken } from "./secrets.ts";
import type { InviteOptions } from "./settings.ts";

/** How long a mailed invitation works. */
export const invitationDays = 14;

/**
 * Invitation mails one person may have sent in 24 hours (admins: no limit). Several large courses'
 * rosters fit; a stream of made-up courses and address lists, using the platform's mail to write to
 * strangers, does not.
 */
export const invitationsPerDay = 2000;

export interface EmailsOutcome {
  /** False: some entries are not addresses (`invalid`), and nothing at all was written. */
  committed: boolean;
  invalid: { line: number; entry: string; reason: string }[];
  /** Existing accounts enrolled now. */
  enrolled: string[];
  /** Existing accounts already in the course (their role is left as it is). */
  alreadyEnrolled: string[];
  /** Of `enrolled`, the accounts whose address is not verified yet: their enrollment waits for it. */
  pending: string[];
  /** Addresses without an account, mailed a personal invitation now. */
  invited: string[];
  /** Addresses whose earlier invitation is still open: not mailed again. */
  alreadyInvited: string[];
  /** Entries that repeated an earlier one (counted once). */
  duplicates: number;
}

/**
 * An instructor pastes up to 500 addresses (one a line, or separated by commas or semicolons;
 * "Name <address>" too). All or nothing: if any entry is not an address, the answer names each
 * bad one by line and nothing is written. Otherwise, in one transaction: existing accounts are
 * enrolled with `role` (student or ta; members keep theirs), and each address without an account
 * gets a personal invitation by mail (through the job queue) whose link enrolls the account that
 * signs up with that address, once its address is confirmed. One audit row.
 */
export async function emails(
  db: Database,
  actor: Actor,
  raw: z.input<typeof inviteEmailsInput>,
  options: InviteOptions,
): Promise<EmailsOutcome> {
  const input = inviteEmailsInput.parse(raw);
  return db.transaction(async (tx) => {
    await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, input.courseId)).for("share");
    const { course } = await requireCourse(tx, actor, input.courseId, "manage");
    if (course.archivedAt) throw conflict("This course is archived: restore it before changing its roster");

    const outcome: EmailsOutcome = {
      committed: false,
      invalid: [],
      enrolled: [],
      alreadyEnrolled: [],
      pending: [],
      invited: [],
      alreadyInvited: [],
      duplicates: 0,
    };
    const seen = new Set<string>();
    for (const { line, entry } of splitEmailList(input.emails)) {
      const parsed = pastedEmail.safeParse(entry);
      if (!parsed.success) outcome.invalid.push({ line, entry: entry.slice(0, 100), reason: parsed.error.issues[0]!.message });
      else if (seen.has(parsed.data)) outcome.duplicates++;
      else seen.add(parsed.data);
    }
    if (outcome.invalid.length > 0) return outcome;
    const addresses = [...seen];

    const accounts = await tx
      .select({ id: user.id, email: user.email, verified: user.emailVerified })
      .from(user)
      .where(inArray(user.email, addresses));
    const byEmail = new Map(accounts.map((a) => [a.email, a]));
    if (accounts.length) {
      const added = await tx
        .insert(enrollments)
        .values(accounts.map((a) => ({ courseId: course.id, userId: a.id, role: input.role })))
        .onConflictDoNothing()
        .returning({ userId: enrollments.userId });
      const addedIds = new Set(added.map((r) => r.userId));
      for (const a of accounts) {
        (addedIds.has(a.id) ? outcome.enrolled : outcome.alreadyEnrolled).push(a.email);
        if (addedIds.has(a.id) && !a.verified) outcome.pending.push(a.email);
      }
    }

    const newcomers = addresses.filter((e) => !byEmail.has(e));
    const open = newcomers.length
      ? await tx
          .select({ email: courseInvitations.email })
          .from(courseInvitations)
          .where(
            and(
              eq(courseInvitations.courseId, course.id),
              inArray(courseInvitations.email, newcomers),
              sql`${courseInvitations.acceptedAt} is null and ${courseInvitations.expiresAt} > now()`,
            ),
          )
      : [];
    outcome.alreadyInvited = open.map((o) => o.email);
    outcome.invited = newcomers.filter((e) => !outcome.alreadyInvited.includes(e));
    if (outcome.invited.length && !isAdmin(actor)) {
      // One inviter's calls are counted one after another (the lock), so parallel calls cannot all pass.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite-mail:${actor.id}`}))`);
      const [sent] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(courseInvitations)
        .where(and(eq(courseInvitations.invitedBy, actor.id), sql`${courseInvitations.createdAt} > now() - interval '1 day'`));
      const left = Math.max(0, invitationsPerDay - (sent?.n ?? 0));
      if (outcome.invited.length > left)
        throw busy(
          `you may send ${invitationsPerDay} invitation mails in 24 hours: ${left} left, and this list would send ${outcome.invited.length}; add the rest later, or ask an admin to import them`,
        );
    }
    if (outcome.invited.length) {
      const tokens = outcome.invited.map(() => newInviteToken());
      const expiresAt = new Date(Date.now() + invitationDays * 24 * 3600 * 1000);
      await tx
        .insert(courseInvitations)
        .values(
          outcome.invited.map((email, i) => ({
            courseId: course.id,
            email,
            role: input.role,
            tokenHash: hashSecret(tokens[i]!),
            invitedBy: actor.id,
            expiresAt,
          })),
        )
        .onConflictDoUpdate({
          target: [courseInvitations.courseId, courseInvitations.email],
          // An expired or used invitation is replaced: a new token, the old link dead.
          set: {
            tokenHash: sql`excluded.token_hash`,
            role: sql`excluded.role`,
            invitedBy: sql`excluded.invited_by`,
            expiresAt: sql`excluded.expires_at`,
            createdAt: sql`now()`,
            acceptedAt: null,
            acceptedBy: null,
          },
        });
      const [inviter] = await tx.select({ name: user.name }).from(user).where(eq(user.id, actor.id));
      // In this transaction: the mails are queued if and only if the invitations exist.
      for (const [i, to] of outcome.invited.entries())
        await addJob(
          tx,
          "send_email",
          invitationMail({
            to,
            inviter: inviter?.name ?? "Your instructor",
            course,
            role: input.role,
            url: joinUrl(options.publicUrl, tokens[i]!),
            days: invitationDays,
          }),
        );
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invite.emails",
      targetType: "course",
      targetId: course.id,
      courseId: course.id,
      data: {
        role: input.role,
        enrolled: outcome.enrolled.length,
        alreadyEnrolled: outcome.alreadyEnrolled.length,
        invited: outcome.invited.length,
        alreadyInvited: outcome.alreadyInvited.length,
      },
    });
    return { ...outcome, committed: true };
  });
}
