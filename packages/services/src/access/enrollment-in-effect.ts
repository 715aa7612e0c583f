import { type DbOrTx, enrollments, user } from "@codeclass/db";
import { and, eq, exists } from "drizzle-orm";

/**
 * An enrollment grants its role only once the member's email is verified: enrollment is by
 * email, so whoever signed up first with an address must not inherit what it is enrolled as.
 */
export function enrollmentInEffect(db: DbOrTx) {
  return exists(
    db
      .select({ one: user.id })
      .from(user)
      .where(and(eq(user.id, enrollments.userId), eq(user.emailVerified, true))),
  );
}
