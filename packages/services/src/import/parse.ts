import { type ImportColumn, type ImportKind, importColumns, importLayouts, importLimits, normalizeHeader } from "@codeclass/validators";
import { CsvError, parse } from "csv-parse/sync";

/** Something wrong with one cell, one row or the whole file: line 1 is the header. */
export interface ImportProblem {
  line: number;
  /** The column as the file names it, when the problem is about one cell. */
  column: string | null;
  reason: string;
}

export interface ParsedRow {
  /** The line the row starts on (a quoted field may hold line breaks). */
  line: number;
  /** The row's cells by column name; columns the file does not have are absent. */
  values: Partial<Record<ImportColumn, string>>;
}

export interface ParsedCsv {
  kind: ImportKind;
  /** Column name → the header the file uses for it. */
  headers: Partial<Record<ImportColumn, string>>;
  /** Headers the kind does not read (kept out of the import, reported in the preview). */
  ignoredHeaders: string[];
  rows: ParsedRow[];
  problems: ImportProblem[];
}

/** The column a header names in this layout, or null. */
function columnOf(kind: ImportKind, header: string): ImportColumn | null {
  const key = normalizeHeader(header);
  return importLayouts[kind].columns.find((c) => (importColumns[c] as readonly string[]).includes(key)) ?? null;
}

/** The kind a header row looks like: courses have a title; a roster has names and courses; enrollments courses. */
export function guessKind(header: string[]): ImportKind {
  const has = (kind: ImportKind, column: ImportColumn) => header.some((h) => columnOf(kind, h) === column);
  if (has("courses", "title")) return "courses";
  if (has("roster", "course")) return has("roster", "name") ? "roster" : "enrollments";
  return "users";
}

/**
 * Reads a CSV file: UTF-8 with or without a BOM, CRLF or LF, quoted fields holding commas,
 * quotes and line breaks; surrounding whitespace trimmed, empty lines skipped; the header's
 * columns in any order, by any alias. Never throws on the file's content: what is wrong is
 * in `problems`.
 */
export function parseImportCsv(csv: string, kindHint?: ImportKind): ParsedCsv {
  const problems: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(csv, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
    }) as unknown as typeof records;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    problems.push({ line, column: null, reason: `the file is not valid CSV here: ${e.message.replace(/^Invalid [^:]*: /, "")}` });
    return { kind: kindHint ?? "users", headers: {}, ignoredHeaders: [], rows: [], problems };
  }
  const [head, ...body] = records;
  if (!head) {
    problems.push({ line: 1, column: null, reason: "the file is empty: the first line must name the columns" });
    return { kind: kindHint ?? "users", headers: {}, ignoredHeaders: [], rows: [], problems };
  }
  const headerLine = startLine(head);
  const kind = kindHint ?? guessKind(head.record);
  const layout = importLayouts[kind];
  const headers: Partial<Record<ImportColumn, string>> = {};
  const positions: Partial<Record<ImportColumn, number>> = {};
  const ignoredHeaders: string[] = [];
  head.record.forEach((header, index) => {
    const column = columnOf(kind, header);
    if (!column) {
      if (header !== "") ignoredHeaders.push(header);
      return;
    }
    if (positions[column] !== undefined) {
      problems.push({ line: headerLine, column: header, reason: `names the ${column} column again (also "${headers[column]}")` });
      return;
    }
    positions[column] = index;
    headers[column] = header;
  });
  for (const column of layout.required) {
    if (positions[column] === undefined) {
      const aliases = importColumns[column].slice(0, 4).join(", ");
      problems.push({ line: headerLine, column: null, reason: `a ${kind} file needs a ${column} column (its header may be ${aliases}…)` });
    }
  }
  if (body.length > importLimits.rows) {
    problems.push({ line: headerLine, column: null, reason: `the file has ${body.length} rows; the limit is ${importLimits.rows}` });
    return { kind, headers, ignoredHeaders, rows: [], problems };
  }
  const rows: ParsedRow[] = [];
  for (const r of body) {
    if (r.record.every((cell) => cell === "")) continue;
    const line = startLine(r);
    if (r.record.length > head.record.length) {
      problems.push({
        line,
        column: null,
        reason: `the row has ${r.record.length} cells but the header names ${head.record.length} columns`,
      });
      continue;
    }
    const values: Partial<Record<ImportColumn, string>> = {};
    for (const [column, index] of Object.entries(positions) as [ImportColumn, number][]) values[column] = r.record[index] ?? "";
    rows.push({ line, values });
  }
  return { kind, headers, ignoredHeaders, rows, problems };
}

/** The line a record starts on: its last line less the line breaks inside it. */
function startLine(r: { info: { lines: number }; raw: string }): number {
  const inside = r.raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0;
  return r.info.lines - inside;
}
