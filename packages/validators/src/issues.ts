import type { z } from "zod";

/**
 * A field's message with the field named, for a one-line message: "title must be text",
 * "files: a file name is empty". Messages are written without their field's name, because
 * `fieldErrors` (and a form, under the field) carry it; a message that reads as the rest of a
 * sentence ("must…", "is…", "may…", "hold…") follows the name with a space, any other one with
 * a colon. A message that already starts with the field's name (it names another field too,
 * "files or workspaceId: …") is kept as it is.
 */
export function withField(field: string, message: string): string {
  if (!field) return message;
  const last = field.slice(field.lastIndexOf(".") + 1);
  if (message.startsWith(last)) return message;
  return /^(must|is|are|may|has|have|holds?|needs?)\b/.test(message) ? `${field} ${message}` : `${field}: ${message}`;
}

/** Human sentences for zod issues: "title is too long: the limit is 200 characters; code is required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => withField(i.path.map(String).join("."), i.message)).join("; ");
}
