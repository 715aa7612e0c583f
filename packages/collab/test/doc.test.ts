import {
  addComment,
  commentPosition,
  createFile,
  deleteFile,
  fileNameProblem,
  filesOf,
  getFiles,
  getMeta,
  limits,
  listComments,
  renameFile,
  resolveComment,
  setLanguage,
} from "@codeclass/workspace-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docProblem, insertedChars } from "../src/validate.ts";

describe("workspace doc helpers", () => {
  it("creates, renames and deletes files, each in one transaction", () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    createFile(doc, "main.py", "print(1)\n");
    createFile(doc, "src/util.py");
    expect(transactions).toBe(2);
    renameFile(doc, "src/util.py", "lib/util.py");
    expect(transactions).toBe(3);
    expect(filesOf(doc)).toEqual([
      { path: "lib/util.py", content: "" },
      { path: "main.py", content: "print(1)\n" },
    ]);
    deleteFile(doc, "lib/util.py");
    expect(filesOf(doc).map((f) => f.path)).toEqual(["main.py"]);
    expect(docProblem(doc)).toBeNull();
  });

  it("refuses bad names, duplicates, folder clashes and too many files with the limit", () => {
    const doc = new Y.Doc();
    expect(() => createFile(doc, "../x.py")).toThrow(/may not contain empty, "\." or "\.\." parts/);
    expect(() => createFile(doc, "/etc/passwd")).toThrow(/must be relative/);
    expect(() => createFile(doc, "a".repeat(201))).toThrow(/the limit is 200 characters/);
    createFile(doc, "src");
    expect(() => createFile(doc, "src")).toThrow(/already exists/);
    expect(() => createFile(doc, "src/a.py")).toThrow(/is a file/);
    for (let i = getFiles(doc).size; i < limits.maxFiles; i++) createFile(doc, `f${i}.py`);
    expect(() => createFile(doc, "one-more.py")).toThrow(`the limit is ${limits.maxFiles} files`);
    expect(getFiles(doc).size).toBe(limits.maxFiles);
  });

  it("finds problems in a document built by hand (what a hostile client could send)", () => {
    const doc = new Y.Doc();
    getFiles(doc).set("../evil", new Y.Text());
    expect(docProblem(doc)).toMatch(/path:/);
    const doc2 = new Y.Doc();
    getFiles(doc2).set("a", new Y.Text());
    getFiles(doc2).set("a/b", new Y.Text());
    expect(docProblem(doc2)).toMatch(/is a file/);
  });

  it("keeps the language and anchors comments to their line through edits", () => {
    const doc = new Y.Doc();
    setLanguage(doc, "python");
    expect(() => setLanguage(doc, "cobol")).toThrow(/language must be one of/);
    expect(getMeta(doc)).toEqual({ language: "python", entry: null });
    const text = createFile(doc, "main.py", "a = 1\nb = 2\nprint(a + b)\n");
    const c = addComment(doc, { file: "main.py", line: 3, authorId: "u1", authorName: "Ada", text: "why?" });
    text.insert(0, "# header\n# more\n");
    expect(commentPosition(doc, c)?.line).toBe(5);
    resolveComment(doc, c.id, "u2");
    expect(listComments(doc)[0]).toMatchObject({ resolved: true, resolvedBy: "u2" });
    expect(() => addComment(doc, { file: "main.py", authorId: "u", authorName: "A", text: "x".repeat(5000) })).toThrow(/the limit is/);
  });

  it("counts inserted characters of an update", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    createFile(doc, "main.py", "x".repeat(250));
    expect(insertedChars(updates[0] as Uint8Array)).toBe(250);
  });

  it("refuses the names the sandbox refuses, with its sentence, and changes nothing", () => {
    const doc = new Y.Doc();
    for (const p of ["../a", "/a", "main", "a b", ".hidden", "a//b", "x".repeat(201), "a/b/c/d/e/f/g/h/i"]) {
      expect(() => createFile(doc, p), p).toThrow(fileNameProblem(p) as string);
      expect(fileNameProblem(p), p).not.toBeNull();
    }
    expect(getFiles(doc).size).toBe(0);
    for (const p of ["a.py", "src/a.py", "ok+1.c"]) createFile(doc, p);
    expect(getFiles(doc).size).toBe(3);
  });
});
