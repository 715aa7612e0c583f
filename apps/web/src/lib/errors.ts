import { isTRPCClientError } from "@trpc/client";

/** Field name -> messages, as the server's error formatter sends them. */
export type FieldErrors = Record<string, string[] | undefined>;

interface ErrorData {
  code?: string;
  fieldErrors?: FieldErrors;
}

function errorData(error: unknown): ErrorData | undefined {
  return isTRPCClientError(error) ? (error.data as ErrorData | undefined) : undefined;
}

/** The tRPC error code ("NOT_FOUND", "FORBIDDEN" ...), when the error came from the API. */
export function errorCode(error: unknown): string | undefined {
  return errorData(error)?.code;
}

/** A sentence to show for any error: the server's message, or a plain fallback. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (isTRPCClientError(error)) {
    if (error.message && !/^(fetch failed|failed to fetch|networkerror)/i.test(error.message)) return error.message;
    return "Cannot reach the Codeclass server. Check your connection and try again.";
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/** The server's per-field messages (written without the field's name, to show under the field). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(errorData(error)?.fieldErrors ?? {})) {
    if (messages?.length) out[field] = messages.map(capitalize).join(" ");
  }
  return out;
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Splits an error into messages for the given fields and one message for the rest. When the
 * server names a field this form shows, the message goes under that field only.
 */
export function splitFormError<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fieldErrors: Partial<Record<F, string>>; formError: string | null } {
  if (!error) return { fieldErrors: {}, formError: null };
  const all = fieldErrorsOf(error);
  const fieldErrors: Partial<Record<F, string>> = {};
  for (const f of fields) if (all[f]) fieldErrors[f] = all[f];
  if (Object.keys(fieldErrors).length > 0) return { fieldErrors, formError: null };
  // No structured field errors: a message of the form "title: ..." still belongs to a field.
  const message = errorMessage(error);
  const named = fields.find((f) => message.startsWith(`${f}: `));
  if (named)
    return { fieldErrors: { [named]: capitalize(message.slice(named.length + 2)) } as Partial<Record<F, string>>, formError: null };
  return { fieldErrors: {}, formError: message };
}

/** better-auth's `{ error }` value: a message and/or a code such as INVALID_EMAIL_OR_PASSWORD. */
export interface AuthError {
  message?: string | undefined;
  code?: string | undefined;
  status?: number;
}

const authMessages: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "The email or password is not right. Check both and try again.",
  USER_ALREADY_EXISTS: "An account already uses this email. Sign in instead, or reset your password.",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "An account already uses this email. Sign in instead, or reset your password.",
  PASSWORD_TOO_SHORT: "The password is too short: use at least 8 characters.",
  PASSWORD_TOO_LONG: "The password is too long: the limit is 128 characters.",
  INVALID_PASSWORD: "The password is not right.",
  INVALID_CODE: "That code is not right or has expired. Enter the newest code from your app.",
  INVALID_BACKUP_CODE: "That backup code is not right or was already used.",
  INVALID_TWO_FACTOR_COOKIE: "This sign-in has expired. Go back to sign in and enter your password again.",
  ACCOUNT_TEMPORARILY_LOCKED: "Too many wrong codes. Wait a few minutes, then try again.",
  INVALID_TOKEN: "This reset link is not valid or has expired. Ask for a new one.",
  SESSION_EXPIRED: "For your security, sign out and sign in again before changing this.",
  SESSION_NOT_FRESH: "For your security, sign out and sign in again before changing this.",
};

/** A sentence for a better-auth error, preferring our wording for the codes people meet often. */
export function authErrorMessage(error: AuthError | null | undefined): string {
  if (!error) return "Something went wrong. Please try again.";
  // The server's own sentence says how long to wait (a locked account, a throttled network); a bare 429 does not.
  if (error.status === 429) return error.message || "Too many attempts. Wait a minute, then try again.";
  if (error.code && authMessages[error.code]) return authMessages[error.code]!;
  return error.message || "Something went wrong. Please try again.";
}
