import { withField } from "@codeclass/validators";

/** Errors a service throws; the API layer maps `code` to a transport status. */
export type ServiceErrorCode = "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "TOO_MANY_REQUESTS";

/**
 * `detail` is written without the field's name (a form shows it under the field); `message`
 * names the field too ("email: no account uses ada@example.com"), for one-line displays and logs.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    readonly detail: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(field ? withField(field, detail) : detail);
    this.name = "ServiceError";
  }
}

export const forbidden = (message: string) => new ServiceError("FORBIDDEN", message);
export const notFound = (message: string, field?: string) => new ServiceError("NOT_FOUND", message, field);
export const conflict = (message: string, field?: string) => new ServiceError("CONFLICT", message, field);
export const badRequest = (message: string, field?: string) => new ServiceError("BAD_REQUEST", message, field);
export const busy = (message: string) => new ServiceError("TOO_MANY_REQUESTS", message);
