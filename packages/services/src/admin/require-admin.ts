import { type DbOrTx, user } from "@codeclass/db";
import { and, eq, sql } from "drizzle-orm";
import { type Actor, isAdmin } from "../actor.ts";
import { conflict, forbidden, notFound } from "../errors.ts";

/** Every admin verb starts here: anyone but an administrator is refused. */
export function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw forbidden("only administrators may do this");
}

/**
 * The account an admin verb acts on, locked for the rest of the transaction (FOR NO KEY UPDATE: a
 * session better-auth inserts for it meanwhile, whose foreign key takes KEY SHARE, does not wait).
 */
export async function lockUser(tx: DbOrTx, userId: string) {
  const [row] = await tx.select().from(user).where(eq(user.id, userId)).for("no key update");
  if (!row) throw notFound("no account has this id", "userId");
  return row;
}

/**
 * Refuses a change that would leave no administrator who can sign in (the target would stop being
 * an enabled admin). Locks every enabled admin's row first, so two admins demoting each other at
 * once cannot both pass.
 */
export async function keepAnAdmin(tx: DbOrTx, target: { id: string; role: string; banned: boolean | null }, what: string) {
  if (target.role !== "admin" || target.banned) return;
  const admins = await tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.role, "admin"), sql`coalesce(${user.banned}, false) = false`))
    .for("no key update");
  if (admins.every((a) => a.id === target.id))
    throw conflict(`cannot ${what} the last administrator: make another account an administrator first`);
}

/** An admin may not disable or delete their own account (another admin can). */
export function notYourself(actor: Actor, userId: string, what: string) {
  if (actor.id === userId) throw conflict(`you cannot ${what} your own account: ask another administrator`, "userId");
}

/** The columns an admin list shows of an account. */
export const adminUserColumns = {
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  emailVerified: user.emailVerified,
  disabled: sql<boolean>`coalesce(${user.banned}, false)`.as("disabled"),
  disabledReason: user.banReason,
  twoFactorEnabled: sql<boolean>`coalesce(${user.twoFactorEnabled}, false)`.as("two_factor"),
  createdAt: user.createdAt,
  lastActiveAt: user.lastActiveAt,
};

export function adminUser(row: typeof user.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    emailVerified: row.emailVerified,
    disabled: Boolean(row.banned),
    disabledReason: row.banReason,
    twoFactorEnabled: Boolean(row.twoFactorEnabled),
    createdAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
  };
}
export type AdminUser = ReturnType<typeof adminUser>;
