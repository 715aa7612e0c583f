const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment as the reader's locale writes it, e.g. "3 Mar 2026, 14:05"; `none` when there is none. */
export function formatDateTime(date: Date | string | null | undefined, none = "—"): string {
  return date ? dateTime.format(new Date(date)) : none;
}

/** Midnight (local time) `days` days ago: a stable value for a filter, so the query is not refetched every render. */
export function daysAgo(days: number): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - days);
  return d;
}
