import { z } from "zod";

/** Trimmed text of at most `max` characters, named `field` in its errors. */
export const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, { error: `${field} is too long: the limit is ${max} characters` })
    .refine((v) => !v.includes("\u0000"), { error: `${field} may not contain NUL characters` });

export const requiredText = (field: string, max: number) => text(field, max).min(1, { error: `${field} is required` });
