import { stringify } from "csv-stringify/sync";

/** Characters that make a spreadsheet read a cell as a formula (or hide its start), per OWASP's CSV injection advice. */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One cell as exported text: null and undefined are empty, dates ISO 8601, objects JSON; a cell
 * starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
 * shows it as text instead of running it (a user's name "=HYPERLINK(...)" stays a name).
 */
export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return formulaStart.test(text) ? `'${text}` : text;
}

/**
 * A CSV file (RFC 4180: CRLF line ends, quotes where needed) of a header row and one row per
 * record; every cell goes through `csvCell`. Every export of the platform is written by this.
 */
export function toCsv<T>(columns: { header: string; value: (row: T) => unknown }[], rows: Iterable<T>): string {
  const records: string[][] = [columns.map((c) => csvCell(c.header))];
  for (const row of rows) records.push(columns.map((c) => csvCell(c.value(row))));
  return stringify(records, { record_delimiter: "windows", eof: true });
}
