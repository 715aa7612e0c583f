/** Audit actions offered as suggestions in the filter; any other action, or the start of one ("user."), works too. */
export const knownAuditActions = [
  "user.",
  "user.setRole",
  "user.disable",
  "user.enable",
  "user.sendResetLink",
  "user.impersonate",
  "user.stopImpersonating",
  "user.delete",
  "course.",
  "course.create",
  "course.update",
  "course.archive",
  "course.restore",
  "course.template.set",
  "enrollment.",
  "invite.",
  "import.",
];

/** An entry's data as one short line ("from: student · to: instructor"); nested values as JSON. */
export function auditDetails(data: unknown): string {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${value !== null && typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

/** "2026-03-05" typed in a date field as local midnight; null when empty or not a date. */
export function dayStart(value: string): Date | null {
  if (!value) return null;
  const d = new Date(`${value}T00:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The midnight after the day typed: the exclusive end of a range that includes that whole day. */
export function dayEnd(value: string): Date | null {
  const d = dayStart(value);
  if (d) d.setDate(d.getDate() + 1);
  return d;
}
