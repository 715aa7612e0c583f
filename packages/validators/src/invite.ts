import { z } from "zod";
import { courseId } from "./course.ts";
import { importInput } from "./import.ts";
import { email } from "./profile.ts";

/**
 * Joining a course without an admin: a join code typed by a person, an invitation link, or a
 * personal invitation mailed to a pasted address. Codes and links grant student or ta, never
 * instructor.
 */

/** Crockford's base 32: digits and capitals without I, L, O and U (no 1/I/L, 0/O mix-ups). */
export const joinCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 8 symbols of 32: 40 bits. */
export const joinCodeLength = 8;
/** Characters of an invitation link's token (24 random bytes, base64url: 192 bits). */
export const inviteTokenLength = 32;

/** The most a pasted list holds, in addresses and in characters. */
export const inviteEmailLimits = { addresses: 500, chars: 200_000 } as const;
/** How far ahead an expiry may be set, in days. */
export const joinExpiryMaxDays = 366;

export const joinKinds = ["code", "link"] as const;
export type JoinKind = (typeof joinKinds)[number];
export const joinKind = z.enum(joinKinds, { error: `must be one of ${joinKinds.join(", ")}` });

/** What a code or a link may grant. */
export const joinRoles = ["student", "ta"] as const;
export const joinRole = z.enum(joinRoles, { error: "must be student or ta (an instructor is added by email)" });

/**
 * A code as typed: case, spaces and dashes do not matter, and O, I, L read as 0, 1, 1
 * ("abcd-efgh" is "ABCDEFGH").
 */
export function normalizeJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** The code as shown to people: "ABCD-EFGH". */
export const formatJoinCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

const codePattern = new RegExp(`^[${joinCodeAlphabet}]{${joinCodeLength}}$`);
export const joinCode = z
  .string({ error: "must be text" })
  .max(64, { error: "must be 8 letters or digits" })
  .transform(normalizeJoinCode)
  .refine((c) => codePattern.test(c), { error: `must be ${joinCodeLength} letters or digits` });

export const inviteToken = z.string({ error: "must be text" }).regex(new RegExp(`^[A-Za-z0-9_-]{${inviteTokenLength}}$`), {
  error: `must be an invitation link's ${inviteTokenLength}-character token`,
});

export const joinWithCodeInput = z.object({ code: joinCode }).strict();
export const joinWithLinkInput = z.object({ token: inviteToken }).strict();

/** What the join page shows before joining: the course behind a typed code or a link's token (one of the two). */
export const joinPreviewInput = z
  .object({ code: joinCode.optional(), token: inviteToken.optional() })
  .strict()
  .refine((v) => (v.code === undefined) !== (v.token === undefined), {
    error: "give either a join code or an invitation link's token, not both",
    path: ["code"],
  });
export type JoinPreviewInput = z.input<typeof joinPreviewInput>;

/** A date (or an ISO date-time string), in the future and at most `joinExpiryMaxDays` ahead; null: never expires. */
const expiresAt = z
  .union(
    [z.date({ error: "must be a date" }), z.iso.datetime({ offset: true, error: "must be a date and time such as 2026-09-01T09:00:00Z" })],
    {
      error: "must be a date, or null for never",
    },
  )
  .transform((v) => (typeof v === "string" ? new Date(v) : v))
  .refine((d) => !Number.isNaN(d.getTime()), { error: "must be a valid date" })
  .refine((d) => d.getTime() > Date.now(), { error: "must be in the future" })
  .refine((d) => d.getTime() <= Date.now() + joinExpiryMaxDays * 24 * 3600 * 1000, {
    error: `is too far ahead: the limit is ${joinExpiryMaxDays} days from now`,
  })
  .nullable();

export const joinSettingsInput = z
  .object({
    courseId,
    kind: joinKind,
    enabled: z.boolean({ error: "must be true or false" }).optional(),
    expiresAt: expiresAt.optional(),
    role: joinRole.optional(),
  })
  .strict();
export type JoinSettingsInput = z.input<typeof joinSettingsInput>;

export const joinRegenerateInput = z.object({ courseId, kind: joinKind }).strict();

/** One entry of a pasted list: its line (1-based) and the text as pasted, trimmed. */
export interface PastedEntry {
  line: number;
  entry: string;
}

/**
 * Splits a pasted list: one address a line, or separated by commas or semicolons; blank entries
 * skipped. "Ada Lovelace <ada@example.com>" (as mail programs copy it) keeps the address.
 */
export function splitEmailList(text: string): PastedEntry[] {
  const entries: PastedEntry[] = [];
  text.split(/\r?\n|\r/).forEach((row, i) => {
    for (const part of row.split(/[,;]/)) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const angled = /<([^<>]*)>$/.exec(trimmed);
      entries.push({ line: i + 1, entry: angled ? angled[1]!.trim() : trimmed });
    }
  });
  return entries;
}

export const inviteEmailsInput = z
  .object({
    courseId,
    emails: z
      .string({ error: "must be text" })
      .max(inviteEmailLimits.chars, { error: `is too long: the limit is ${inviteEmailLimits.chars} characters` })
      .superRefine((text, ctx) => {
        const n = splitEmailList(text).length;
        if (n === 0) ctx.addIssue({ code: "custom", message: "is empty: paste one address a line (or separated by commas)" });
        if (n > inviteEmailLimits.addresses)
          ctx.addIssue({ code: "custom", message: `holds ${n} addresses; the limit is ${inviteEmailLimits.addresses}` });
      }),
    role: joinRole.default("student"),
  })
  .strict();
export type InviteEmailsInput = z.input<typeof inviteEmailsInput>;

/** One pasted address, checked as an account's email is. */
export const pastedEmail = email;

/** An instructor's roster import: a roster or enrollments file for their own course. */
export const inviteImportInput = importInput
  .extend({
    courseId,
    kind: z.enum(["roster", "enrollments"], { error: "must be roster or enrollments" }).optional(),
  })
  .strict();
export type InviteImportInput = z.input<typeof inviteImportInput>;
