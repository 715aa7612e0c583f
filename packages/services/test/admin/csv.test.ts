import { csvCell, toCsv } from "@codeclass/services";
import { parse } from "csv-parse/sync";
import { expect, test } from "vitest";

test("csvCell escapes a leading =, +, -, @, tab or carriage return, and nothing else", () => {
  for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
  expect(csvCell("a=b")).toBe("a=b");
  expect(csvCell("")).toBe("");
  expect(csvCell(null)).toBe("");
  expect(csvCell(-3)).toBe("'-3");
  expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
  expect(csvCell({ a: 1 })).toBe('{"a":1}');
});

test("toCsv quotes commas, quotes and line breaks and reads back to the same cells", () => {
  const rows = [
    { name: 'Ada "the first", Countess', note: "line\nbreak" },
    { name: "=1+1", note: "이름" },
  ];
  const csv = toCsv(
    [
      { header: "name", value: (r: (typeof rows)[number]) => r.name },
      { header: "note", value: (r) => r.note },
    ],
    rows,
  );
  expect(csv.endsWith("\r\n")).toBe(true);
  expect(parse(csv)).toEqual([
    ["name", "note"],
    ['Ada "the first", Countess', "line\nbreak"],
    ["'=1+1", "이름"],
  ]);
});
