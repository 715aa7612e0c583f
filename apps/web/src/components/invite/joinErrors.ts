import { errorMessage } from "../../lib/errors.ts";

/**
 * A join or preview refusal as a sentence for the join page. The server names the field
 * ("code is not the join code of any course: …", "token: This invitation link expired …"); the
 * page speaks of "this code" or "this link" instead of the field.
 */
export function joinErrorText(error: unknown, field: "code" | "token"): string {
  const message = errorMessage(error);
  if (message.startsWith(`${field}: `)) return message.slice(field.length + 2);
  if (message.startsWith(`${field} `)) return `${field === "code" ? "This code" : "This link"} ${message.slice(field.length + 1)}`;
  return message;
}
