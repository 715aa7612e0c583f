import { type DbOrTx, user } from "@codeclass/db";
import { type AdminUsersInput, adminUsersInput } from "@codeclass/validators";
import { and, asc, count, desc, eq, gte, ilike, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { likePattern } from "./like.ts";
import { adminUserColumns, requireAdmin } from "./require-admin.ts";

/** Sort keys; the name's is the expression its index holds (its first 100 characters). */
const sortColumns = {
  name: sql`left(${user.name}, 100)`,
  email: user.email,
  createdAt: user.createdAt,
  lastActiveAt: user.lastActiveAt,
} as const;

/**
 * A page of every account: `q` matches any part of the name or email (case-insensitive; trigram
 * indexes keep it fast over 100,000 accounts), filtered by role, disabled and last activity,
 * sorted (ties by id), with the total that matched.
 */
export async function listUsers(db: DbOrTx, actor: Actor, raw?: AdminUsersInput) {
  requireAdmin(actor);
  const input = adminUsersInput.parse(raw);
  const where: SQL[] = [];
  if (input.q) {
    const pattern = likePattern(input.q);
    where.push(or(ilike(user.name, pattern), ilike(user.email, pattern))!);
  }
  if (input.role) where.push(eq(user.role, input.role));
  if (input.disabled !== undefined) where.push(sql`coalesce(${user.banned}, false) = ${input.disabled}`);
  if (input.activeSince) where.push(gte(user.lastActiveAt, input.activeSince));
  if (input.inactiveSince) where.push(or(isNull(user.lastActiveAt), lt(user.lastActiveAt, input.inactiveSince))!);
  const filter = where.length ? and(...where) : undefined;
  const column = sortColumns[input.sort];
  const direction = input.order === "asc" ? asc : desc;
  // Never-active accounts sort last either way.
  const sortKey = input.sort === "lastActiveAt" ? sql`${column} ${sql.raw(input.order)} nulls last` : direction(column);
  const [users, [total]] = await Promise.all([
    db
      .select(adminUserColumns)
      .from(user)
      .where(filter)
      .orderBy(sortKey, direction(user.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(user).where(filter),
  ]);
  return { users, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
