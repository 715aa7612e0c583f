/** Errors a service throws; the API layer maps `code` to a transport status. */
export type ServiceErrorCode = "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "TOO_MANY_REQUESTS";

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const forbidden = (message: string) => new ServiceError("FORBIDDEN", message);
export const notFound = (message: string, field?: string) => new ServiceError("NOT_FOUND", message, field);
export const conflict = (message: string, field?: string) => new ServiceError("CONFLICT", message, field);
export const badRequest = (message: string, field?: string) => new ServiceError("BAD_REQUEST", message, field);
export const busy = (message: string) => new ServiceError("TOO_MANY_REQUESTS", message);
