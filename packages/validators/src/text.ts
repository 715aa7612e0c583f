import { z } from "zod";

/**
 * Trimmed text of at most `max` characters. Its messages do not repeat the field's name: zod's
 * path carries it (see `withField` in issues.ts). `field` is kept for callers' readability.
 */
export const text = (_field: string, max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, { error: `is too long: the limit is ${max} characters` })
    .refine((v) => !v.includes("\u0000"), { error: "may not contain NUL characters" });

export const requiredText = (field: string, max: number) => text(field, max).min(1, { error: "is required" });
