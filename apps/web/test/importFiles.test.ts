import { importKinds, importLayouts } from "@codeclass/validators";
import { expect, test } from "vitest";
import { importTemplates, templateCsv } from "../src/components/admin/importFiles.ts";

test("every downloadable template names its kind's columns and has as many cells per row as its header", () => {
  for (const kind of importKinds) {
    const lines = templateCsv(kind).trimEnd().split("\r\n");
    const header = lines[0]!.split(",");
    for (const required of importLayouts[kind].required) expect(header, kind).toContain(required);
    for (const line of lines.slice(1)) expect(line.split(",")).toHaveLength(header.length);
    expect(
      importTemplates[kind].rows.flat().some((cell) => /^[=+\-@]|[",\r\n]/.test(cell)),
      kind,
    ).toBe(false);
  }
});
