import { type DbOrTx, user } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { and, eq, sql } from "drizzle-orm";

/** Queues one mail to every enabled administrator through the mail job; returns how many were queued. */
export async function mailAdmins(db: DbOrTx, mail: { subject: string; text: string }): Promise<number> {
  const admins = await db
    .select({ email: user.email })
    .from(user)
    .where(and(eq(user.role, "admin"), sql`coalesce(${user.banned}, false) = false`));
  await Promise.all(admins.map((a) => addJob(db, "send_email", { to: a.email, subject: mail.subject.slice(0, 300), text: mail.text })));
  return admins.length;
}
