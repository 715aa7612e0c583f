/** True when `error` (or its cause) is a Postgres unique violation on `constraint`. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505" && (!constraint || e.constraint_name === constraint)) return true;
  }
  return false;
}
