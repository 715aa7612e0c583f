import { z } from "zod";
import { limits } from "./limits.ts";
import { requiredText, text } from "./text.ts";

/** Global roles (better-auth's `user.role`). Course roles come from enrollments. */
export const globalRoles = ["admin", "instructor", "student"] as const;
export const globalRole = z.enum(globalRoles);
export type GlobalRole = z.infer<typeof globalRole>;

export const email = z
  .email({ error: "email must be a valid address such as ada@example.com" })
  .max(limits.email, { error: `email is too long: the limit is ${limits.email} characters` })
  .transform((e) => e.toLowerCase());

export const password = z
  .string({ error: "password must be text" })
  .min(limits.passwordMin, { error: `password is too short: use at least ${limits.passwordMin} characters` })
  .max(limits.passwordMax, { error: `password is too long: the limit is ${limits.passwordMax} characters` });

export const userId = z
  .string({ error: "userId must be text" })
  .min(1, { error: "userId is required" })
  .max(64, { error: "userId is too long" });

/** A person's display name: one line of text, no control characters (it shows in rosters and presence). */
export const personName = requiredText("name", limits.name).refine((v) => !/[\p{Cc}]/u.test(v), {
  error: "name may not contain control characters such as tabs or line breaks",
});

export const profileUpdateInput = z
  .object({
    name: personName,
    bio: text("bio", limits.bio).nullish(),
  })
  .strict();
export type ProfileUpdateInput = z.input<typeof profileUpdateInput>;

export const userCreateInput = z.object({ email, name: personName, role: globalRole, password }).strict();
export type UserCreateInput = z.input<typeof userCreateInput>;
