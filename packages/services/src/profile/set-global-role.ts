import { type Database, user } from "@codeclass/db";
import { email as emailSchema, type GlobalRole, globalRole } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit.ts";
import { notFound } from "../errors.ts";

/** Sets a user's global role by email (operator CLI and admin tools). Returns the user id. */
export async function setGlobalRole(db: Database, actorId: string | null, rawEmail: string, rawRole: GlobalRole) {
  const email = emailSchema.parse(rawEmail);
  const role = globalRole.parse(rawRole);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(user).set({ role, updatedAt: new Date() }).where(eq(user.email, email)).returning({ id: user.id });
    if (!row) throw notFound(`no account uses ${email}`, "email");
    await recordAudit(tx, { actorId, action: "user.setRole", targetType: "user", targetId: row.id, data: { role } });
    return row.id;
  });
}
