import { describe, expect, test } from "vitest";
import { ariaShortcut, matchesShortcut } from "../src/components/workbench/commands.ts";
import { allFolders, movedPath, treeRows } from "../src/components/workbench/fileTree.ts";
import { afterClose, nextOpenTabs } from "../src/components/workbench/openTabs.ts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("file tree", () => {
  const paths = ["main.py", "src/util.py", "src/deep/a.py", "b.py", "lib/x.py"];
  test("folders first, then files, by name, with depth and parent", () => {
    const rows = treeRows(paths, [], new Set());
    expect(rows.map((r) => `${"  ".repeat(r.depth)}${r.name}${r.kind === "folder" ? "/" : ""}`)).toEqual([
      "lib/",
      "  x.py",
      "src/",
      "  deep/",
      "    a.py",
      "  util.py",
      "b.py",
      "main.py",
    ]);
    expect(rows.find((r) => r.path === "src/deep/a.py")?.parent).toBe("src/deep");
  });
  test("a collapsed folder hides its children; an empty folder made here is shown", () => {
    const rows = treeRows(paths, ["empty", "src/new"], new Set(["lib"]));
    expect(rows.map((r) => r.path)).toEqual([
      "empty",
      "lib",
      "src",
      "src/deep",
      "src/deep/a.py",
      "src/new",
      "src/util.py",
      "b.py",
      "main.py",
    ]);
    expect(rows.find((r) => r.path === "lib")?.expanded).toBe(false);
  });
  test("moving into a folder keeps the name; the top level is the empty folder", () => {
    expect(movedPath("src/util.py", "lib")).toBe("lib/util.py");
    expect(movedPath("src/util.py", "")).toBe("util.py");
    expect(movedPath("main.py", "src/deep")).toBe("src/deep/main.py");
    expect(allFolders(["a/b/c.py"], ["x/y"])).toEqual(["a", "a/b", "x", "x/y"]);
  });
});

describe("open tabs", () => {
  test("the open file joins; deleted files leave; nothing changes identity when nothing changed", () => {
    const open = ["a.py", "b.py"];
    expect(nextOpenTabs(open, ["a.py", "b.py", "c.py"], "c.py")).toEqual(["a.py", "b.py", "c.py"]);
    expect(nextOpenTabs(open, ["b.py"], "b.py")).toEqual(["b.py"]);
    expect(nextOpenTabs(open, ["a.py", "b.py"], "a.py")).toBe(open);
  });
  test("closing shows the right neighbour, else the left one", () => {
    expect(afterClose(["a", "b", "c"], "b")).toBe("c");
    expect(afterClose(["a", "b", "c"], "c")).toBe("b");
    expect(afterClose(["a"], "a")).toBeNull();
  });
});

describe("shortcuts", () => {
  test("Ctrl matches Ctrl or ⌘; other modifiers must match exactly", () => {
    expect(matchesShortcut("Ctrl+Shift+P", key("P", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesShortcut("Ctrl+Shift+P", key("p", { metaKey: true, shiftKey: true }))).toBe(true);
    expect(matchesShortcut("Ctrl+Shift+P", key("p", { ctrlKey: true }))).toBe(false);
    expect(matchesShortcut("Ctrl+Enter", key("Enter", { ctrlKey: true, altKey: true }))).toBe(false);
    expect(matchesShortcut("F1", key("F1"))).toBe(true);
    expect(matchesShortcut("F1", key("F1", { shiftKey: true }))).toBe(false);
  });
  test("aria-keyshortcuts names both Control and Meta", () => {
    expect(ariaShortcut("Ctrl+Enter")).toBe("Control+Enter Meta+Enter");
    expect(ariaShortcut("F1")).toBe("F1");
  });
});
