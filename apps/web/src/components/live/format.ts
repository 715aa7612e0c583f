const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A session's start as the reader's locale writes it, e.g. "3 Mar 2026, 09:00". */
export const formatWhen = (date: Date) => when.format(date);

/** A Date as a `datetime-local` input's value, in the reader's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
