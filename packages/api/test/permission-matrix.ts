import fs from "node:fs";

/** The columns docs/permissions.md defines, in its order; the test knows how to build each caller. */
export const matrixColumns = [
  "admin",
  "instructor (own)",
  "instructor (other)",
  "ta",
  "student (enrolled)",
  "student (other)",
  "anonymous",
] as const;
export type MatrixColumn = (typeof matrixColumns)[number];

export const cellValues = ["yes", "no", "sign in", "listed", "not listed"] as const;
export type Cell = (typeof cellValues)[number];

export interface MatrixRow {
  procedure: string;
  cells: Record<MatrixColumn, Cell>;
}

const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim().replace(/^`(.*)`$/, "$1"));

/**
 * Parses the table under "## The matrix" in the permissions doc. Throws (naming the file and
 * line) when the section or table is missing, a column is unknown, or a cell is not a known value.
 */
export function readMatrix(file: string): MatrixRow[] {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const heading = lines.findIndex((l) => /^##\s+The matrix\s*$/.test(l));
  if (heading < 0) throw new Error(`${file}: no "## The matrix" section`);
  let start = heading + 1;
  while (start < lines.length && !lines[start]!.trim().startsWith("|")) {
    if (lines[start]!.startsWith("#")) break;
    start++;
  }
  if (!lines[start]?.trim().startsWith("|")) throw new Error(`${file}: no table under "## The matrix" (line ${heading + 1})`);
  let end = start;
  while (end < lines.length && lines[end]!.trim().startsWith("|")) end++;
  const [header, separator, ...body] = lines.slice(start, end).map(splitRow);

  const expectedHeader = ["procedure", ...matrixColumns];
  if (JSON.stringify(header) !== JSON.stringify(expectedHeader)) {
    throw new Error(
      `${file}:${start + 1}: matrix header is ${JSON.stringify(header)}; this test knows the columns ${JSON.stringify(expectedHeader)}`,
    );
  }
  if (!separator?.every((c) => /^:?-{3,}:?$/.test(c)))
    throw new Error(`${file}:${start + 2}: the table's second line must be its |---| separator`);
  if (body.length === 0) throw new Error(`${file}:${start + 1}: the matrix has no rows`);

  return body.map((cells, i) => {
    const where = `${file}:${start + 3 + i}`;
    if (cells.length !== expectedHeader.length) throw new Error(`${where}: ${cells.length} cells, expected ${expectedHeader.length}`);
    const [procedure, ...values] = cells as [string, ...string[]];
    if (!/^[a-z]\w*(\.[a-z]\w*)+$/i.test(procedure)) throw new Error(`${where}: "${procedure}" is not a procedure path`);
    const row = {} as Record<MatrixColumn, Cell>;
    values.forEach((value, j) => {
      if (!(cellValues as readonly string[]).includes(value))
        throw new Error(`${where}: cell "${value}" is not one of ${cellValues.join(", ")}`);
      row[matrixColumns[j]!] = value as Cell;
    });
    return { procedure, cells: row };
  });
}
