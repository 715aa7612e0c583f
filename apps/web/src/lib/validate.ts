/** The part of a zod schema this module needs, so the web app does not depend on zod itself. */
interface Schema {
  safeParse(values: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Checks form values with a shared schema from @codeclass/validators, so the browser shows the
 * same messages the server would. Returns the first message per top-level field, or null.
 */
export function validate(schema: Schema, values: unknown): Record<string, string> | null {
  const result = schema.safeParse(values);
  if (result.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (!errors[field]) errors[field] = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return errors;
}

/** The first message a single-value schema (such as `email` or `password`) gives, or null. */
export function checkValue(schema: Schema, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const message = result.error.issues[0]?.message ?? "This value is not valid";
  return message.charAt(0).toUpperCase() + message.slice(1);
}
