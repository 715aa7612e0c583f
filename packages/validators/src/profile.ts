import { z } from "zod";
import { limits } from "./limits.ts";
import { requiredText, text } from "./text.ts";

/** Global roles (better-auth's `user.role`). Course roles come from enrollments. */
export const globalRoles = ["admin", "instructor", "student"] as const;
export const globalRole = z.enum(globalRoles, { error: `must be one of ${globalRoles.join(", ")}` });
export type GlobalRole = z.infer<typeof globalRole>;

export const email = z
  .email({ error: "must be a valid address such as ada@example.com" })
  .max(limits.email, { error: `is too long: the limit is ${limits.email} characters` })
  .transform((e) => e.toLowerCase());

export const password = z
  .string({ error: "must be text" })
  .min(limits.passwordMin, { error: `is too short: use at least ${limits.passwordMin} characters` })
  .max(limits.passwordMax, { error: `is too long: the limit is ${limits.passwordMax} characters` });

export const userId = z
  .string({ error: "must be text" })
  .min(1, { error: "is required" })
  .max(64, { error: "is too long: the limit is 64 characters" });

/** A person's display name: one line of text, no control characters (it shows in rosters and presence). */
export const personName = requiredText("name", limits.name).refine((v) => !/[\p{Cc}]/u.test(v), {
  error: "may not contain control characters such as tabs or line breaks",
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
