const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A date as the reader's locale writes it, e.g. "3 Mar 2026". */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}
