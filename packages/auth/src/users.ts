import { type Database, user } from "@codeclass/db";
import { email as emailSchema, password as passwordSchema, type UserCreateInput, userCreateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Auth } from "./auth.ts";

/** Thrown for operator mistakes (duplicate email, unknown user) with a sentence to show. */
export class UserAdminError extends Error {}

/**
 * Creates an email+password account with a global role, bypassing sign-up (operator CLI,
 * first-run seed, admin tools). The password is hashed by better-auth's own hasher.
 */
export async function createUserAccount(auth: Auth, db: Database, raw: UserCreateInput) {
  const input = userCreateInput.parse(raw);
  const ctx = await auth.$context;
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, input.email));
  if (existing) throw new UserAdminError(`email: an account with ${input.email} already exists`);
  const created = await ctx.internalAdapter.createUser(
    {
      email: input.email,
      name: input.name,
      emailVerified: true,
      role: input.role,
    },
    { method: "admin" },
  );
  await ctx.internalAdapter.linkAccount({
    userId: created.id,
    providerId: "credential",
    accountId: created.id,
    password: await ctx.password.hash(input.password),
  });
  return { id: created.id, email: input.email, name: input.name, role: input.role };
}

/** Sets a new password for the account with this email and signs out all its sessions. */
export async function resetUserPassword(auth: Auth, db: Database, rawEmail: string, rawPassword: string) {
  // Parsed as named fields, so a bad value's message names it ("password is too short: …").
  const { email, password } = z.object({ email: emailSchema, password: passwordSchema }).parse({ email: rawEmail, password: rawPassword });
  const ctx = await auth.$context;
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (!row) throw new UserAdminError(`email: no account uses ${email}`);
  const hash = await ctx.password.hash(password);
  const accounts = await ctx.internalAdapter.findAccounts(row.id);
  if (accounts.some((a) => a.providerId === "credential")) {
    await ctx.internalAdapter.updatePassword(row.id, hash);
  } else {
    await ctx.internalAdapter.linkAccount({ userId: row.id, providerId: "credential", accountId: row.id, password: hash });
  }
  await ctx.internalAdapter.deleteUserSessions(row.id);
  return row.id;
}
