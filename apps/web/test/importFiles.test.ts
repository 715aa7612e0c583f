import { expect, test } from "vitest";
import { csvCell, toCsv } from "../src/components/admin/importFiles.ts";

test("exported CSV cells cannot run as spreadsheet formulas, and quote what needs quoting", () => {
  for (const risky of ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
    expect(csvCell(risky).replace(/^"/, "")).toMatch(/^'/);
  expect(csvCell("Kim, Ji-su")).toBe('"Kim, Ji-su"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
  expect(csvCell(12)).toBe("12");
  expect(csvCell(null)).toBe("");
  expect(
    toCsv([
      ["line", "problem"],
      [3, "=cmd"],
    ]),
  ).toBe("\uFEFFline,problem\r\n3,'=cmd\r\n");
});
