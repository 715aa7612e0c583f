import { addComment, createFile, getComments, workspaceLimits } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { editProblem, renameProblem, utf8Bytes } from "../src/components/collab/editLimits.ts";
import { readPresence } from "../src/components/collab/presence.ts";
import { positionIn, readComment, readComments, relativePosition } from "../src/components/collab/remoteData.ts";
import { sameSummary, summarize } from "../src/components/review/studentSummary.ts";

/** A document with one file, and the JSON (as awareness carries it) of a position in it. */
function fixture() {
  const doc = new Y.Doc();
  const text = createFile(doc, "main.py", "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n");
  const at = (index: number) => JSON.parse(JSON.stringify(Y.createRelativePositionFromTypeIndex(text, index)));
  return { doc, text, at };
}

const malformed: unknown[] = [
  null,
  undefined,
  "head",
  42,
  [],
  {},
  { item: 5 },
  { item: { client: "x", clock: 1 } },
  { item: { client: 1, clock: Number.NaN } },
  { item: { client: -1, clock: 0 } },
  { item: null, type: null, tname: null },
  { item: null, type: null, tname: "files" },
  { item: null, type: null, tname: "evil" },
  { item: { client: 1, clock: 1 }, assoc: "left" },
  { item: { client: 123456, clock: 1e15 } },
];

describe("remote relative positions", () => {
  test("a position's JSON form resolves in its own file only", () => {
    const { doc, text, at } = fixture();
    expect(positionIn(at(8), doc, text)).toBe(8);
    const other = createFile(doc, "other.py", "x");
    expect(positionIn(at(8), doc, other)).toBeNull();
    // The end of the text (no item: the position names the type).
    expect(positionIn(at(text.length), doc, text)).toBe(text.length);
  });

  test("malformed positions are ignored, and never create a root type", () => {
    const { doc, text } = fixture();
    for (const bad of malformed) expect(positionIn(bad, doc, text)).toBeNull();
    expect(relativePosition({ item: null, type: null, tname: "evil" })).toBeNull();
    expect([...doc.share.keys()].sort()).toEqual(["files"]);
  });
});

describe("readPresence", () => {
  test("keeps well-typed fields and drops the rest", () => {
    const { at } = fixture();
    const state = readPresence({
      user: { id: "u1", name: "Ada", color: "#123abc", role: "student" },
      file: "main.py",
      typingAt: 5,
      selection: { anchor: at(1), head: at(2) },
    });
    expect(state.user).toEqual({ id: "u1", name: "Ada", color: "#123abc", role: "student" });
    expect(state.file).toBe("main.py");
    expect(state.typingAt).toBe(5);
    expect(state.selection?.head).toBeInstanceOf(Y.RelativePosition);

    const bad = readPresence({ user: { id: "u2", name: 7 }, file: 3, typingAt: "now", selection: { anchor: "a", head: at(1) } });
    expect(bad).toEqual({ user: undefined, file: null, typingAt: null, selection: null });
    expect(readPresence({ user: { id: "u3", name: "Bo", color: "red; x: y", role: 1 } }).user).toMatchObject({
      name: "Bo",
      role: "member",
    });
    expect(readPresence({ user: { id: "u3", name: "Bo", color: "red; x: y" } }).user?.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(readPresence(null)).toEqual({});
    expect(readPresence("x")).toEqual({});
  });

  test("an unchanged state object reads as the same object", () => {
    const raw = { user: { id: "u1", name: "Ada" }, file: null };
    expect(readPresence(raw)).toBe(readPresence(raw));
  });
});

describe("comments from other clients", () => {
  test("malformed comments are left out; display fields are coerced", () => {
    const { doc } = fixture();
    const good = addComment(doc, { file: "main.py", line: 2, authorId: "t1", authorName: "Tess", text: "Nice" });
    const comments = getComments(doc) as Y.Map<unknown>;
    comments.set("null", null);
    comments.set("number", 3);
    comments.set("no-date", { ...good, id: "no-date", createdAt: 17 });
    comments.set("bad-date", { ...good, id: "bad-date", createdAt: "yesterday" });
    comments.set("no-text", { ...good, id: "no-text", text: { evil: true } });
    comments.set("odd-author", {
      ...good,
      id: "odd-author",
      authorName: 5,
      authorId: null,
      line: "two",
      createdAt: "2020-01-01T00:00:00.000Z",
    });
    const list = readComments(doc);
    expect(list.map((c) => c.id)).toEqual(["odd-author", good.id]);
    expect(list[0]).toMatchObject({ authorName: "Someone", authorId: "", line: 1 });
    expect(readComment("x", { ...good, resolved: "yes" })).toBeNull();
  });
});

describe("summarize with malformed remote data", () => {
  function watch(doc: Y.Doc, states: Record<number, unknown>) {
    const awareness = new Awareness(doc);
    for (const [id, state] of Object.entries(states)) awareness.states.set(Number(id), state as Record<string, unknown>);
    return { conn: { doc, awareness, getState: () => ({ loaded: true }) } as Parameters<typeof summarize>[0], awareness };
  }

  test("bad selections, users and comments do not throw", () => {
    const { doc } = fixture();
    getComments(doc as Y.Doc).set("junk", null as never);
    const states: Record<number, unknown> = { 1: null, 2: "x", 3: { user: "u1" }, 4: { user: { id: "u1", name: 3 } } };
    malformed.forEach((bad, i) => {
      states[10 + i] = { user: { id: "u1", name: "Ada" }, file: "main.py", typingAt: i, selection: { anchor: bad, head: bad } };
    });
    const { conn, awareness } = watch(doc, states);
    const summary = summarize(conn, "u1", 100);
    expect(summary.present).toBe(true);
    expect(summary.file).toBe("main.py");
    expect(summary.preview?.firstLine).toBe(1);
    expect(summary.openComments).toBe(0);
    awareness.destroy();
  });

  test("the preview follows the student's cursor; a cursor in another file is not used", () => {
    const { doc, text, at } = fixture();
    addComment(doc, { file: "main.py", line: 1, authorId: "t1", authorName: "Tess", text: "Hi" });
    const index = text.toString().indexOf("line 7");
    const { conn, awareness } = watch(doc, {
      7: { user: { id: "u1", name: "Ada" }, file: "main.py", typingAt: 50, selection: { anchor: at(index), head: at(index) } },
    });
    const summary = summarize(conn, "u1", 100);
    expect(summary.preview).toEqual({ firstLine: 5, lines: ["line 5", "line 6", "line 7", "line 8", "line 9", ""] });
    expect(summary.openComments).toBe(1);
    expect(summary.typing).toBe(true);
    expect(sameSummary(summary, summarize(conn, "u1", 100))).toBe(true);
    expect(sameSummary(summary, { ...summary, preview: { firstLine: 5, lines: ["other"] } })).toBe(false);

    // The student's selection names another file's text: the preview starts at the top.
    const other = createFile(doc, "b.py", "x\ny\n");
    const elsewhere = JSON.parse(JSON.stringify(Y.createRelativePositionFromTypeIndex(other, 2)));
    awareness.states.set(7, {
      user: { id: "u1", name: "Ada" },
      file: "main.py",
      typingAt: 50,
      selection: { anchor: elsewhere, head: elsewhere },
    });
    expect(summarize(conn, "u1", 100).preview?.firstLine).toBe(1);
    awareness.destroy();
  });
});

describe("edit limits", () => {
  test("a paste over one update's bytes is refused with its size", () => {
    expect(editProblem({ inserted: ["a".repeat(600 * 1024)], removed: 0 }, 0, "paste")).toBe(
      "This paste is 600 KB; one change can be at most 256 KB. Paste it in parts.",
    );
    expect(editProblem({ inserted: ["a".repeat(100 * 1024)], removed: 0 }, 0, "paste")).toBeNull();
    // Multi-byte characters count as Yjs sends them (UTF-8).
    expect(editProblem({ inserted: ["é".repeat(140 * 1024)], removed: 0 }, 0)).toMatch(/^This change is 280 KB/);
  });

  test("a change that would make the workspace too large is refused; one that shrinks it is not", () => {
    const limit = workspaceLimits.docChars;
    expect(editProblem({ inserted: ["x".repeat(10)], removed: 0 }, limit - 5)).toMatch(/would exceed 2,097,152 characters/);
    expect(editProblem({ inserted: ["x".repeat(10)], removed: 10 }, limit)).toBeNull();
    expect(editProblem({ inserted: [], removed: 10 }, limit + 100)).toBeNull();
  });

  test("utf8Bytes and the rename check", () => {
    expect(utf8Bytes("aé€😀")).toBe(1 + 2 + 3 + 4);
    const doc = new Y.Doc();
    expect(renameProblem(createFile(doc, "small.py", "print(1)\n"))).toBeNull();
    expect(renameProblem(createFile(doc, "big.py", "x".repeat(300 * 1024)))).toMatch(/^this file is 300 KB/);
  });
});
