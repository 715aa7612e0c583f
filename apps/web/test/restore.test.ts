import { addComment, createFile, filesOf, getFiles, getMeta, listComments, setEntry, setLanguage } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { Replayer } from "../src/components/history/replay.ts";
import { restorePlan, restoreVersion, textChange } from "../src/components/history/restore.ts";

describe("restoreVersion", () => {
  test("brings back an earlier step's files and settings as one new update, which a second client receives", () => {
    const doc = new Y.Doc();
    const log: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => log.push(u));
    createFile(doc, "main.py", "print('v1')\n");
    setLanguage(doc, "python");
    setEntry(doc, "main.py");
    const v1 = log.length - 1;
    getFiles(doc).get("main.py")!.insert(0, "# changed\n");
    createFile(doc, "extra.py", "x = 1\n");
    setEntry(doc, "extra.py");

    const replayer = new Replayer();
    replayer.append(log);
    const old = replayer.stateAt(v1);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const before = log.length;
    const plan = restoreVersion(doc, old);
    expect(plan).toMatchObject({ changed: ["main.py"], added: [], removed: ["extra.py"], settings: true });
    // One transaction: one update, one step of the history.
    expect(log.length).toBe(before + 1);
    Y.applyUpdate(peer, log.at(-1)!);
    expect(filesOf(peer)).toEqual([{ path: "main.py", content: "print('v1')\n" }]);
    expect(getMeta(peer)).toEqual({ language: "python", entry: "main.py" });
    // The restore is itself in the log: replaying it ends at the restored version.
    replayer.append(log.slice(before));
    expect(replayer.stateAt(log.length - 1).files).toEqual(old.files);
    // Restoring the same version again changes nothing.
    expect(restorePlan(doc, old)).toMatchObject({ changed: [], added: [], removed: [], settings: false });
    restoreVersion(doc, old);
    expect(log.length).toBe(before + 1);
  });

  test("re-creates deleted files and keeps comments on lines outside the change", () => {
    const doc = new Y.Doc();
    createFile(doc, "a.py", "one\ntwo\nthree\n");
    addComment(doc, { file: "a.py", line: 1, text: "nice", authorId: "t", authorName: "Tess" });
    restoreVersion(doc, {
      files: [
        { path: "a.py", content: "one\n2\nthree\n" },
        { path: "b.py", content: "b\n" },
      ],
      language: null,
      entry: null,
    });
    expect(filesOf(doc)).toEqual([
      { path: "a.py", content: "one\n2\nthree\n" },
      { path: "b.py", content: "b\n" },
    ]);
    expect(listComments(doc).map((c) => c.text)).toEqual(["nice"]);
  });

  test("refuses, changing nothing, a version larger than one update may carry", () => {
    const doc = new Y.Doc();
    createFile(doc, "a.py", "small");
    expect(() => restoreVersion(doc, { files: [{ path: "a.py", content: "x".repeat(300_000) }], language: null, entry: null })).toThrow(
      /one change may carry at most/,
    );
    expect(filesOf(doc)).toEqual([{ path: "a.py", content: "small" }]);
  });

  test("textChange keeps the common prefix and suffix", () => {
    expect(textChange("hello world", "hello brave world")).toEqual({ at: 6, remove: 0, insert: "brave " });
    expect(textChange("aaa", "aa")).toEqual({ at: 2, remove: 1, insert: "" });
    expect(textChange("", "new")).toEqual({ at: 0, remove: 0, insert: "new" });
  });
});
