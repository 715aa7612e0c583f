import { addComment, createFile, deleteFile, getComments, getFiles, limits, renameFile, resolveComment } from "@codeclass/workspace-doc";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabRefusal, checkUpdate, updateOfMessage } from "../src/updates.ts";

/** A server copy and a client copy of one document; `edit` returns the client's update. */
function pair() {
  const server = new Y.Doc();
  const client = new Y.Doc();
  createFile(server, "main.py", "print(1)\n");
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const edit = (f: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    f(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  return { server, client, edit };
}

const refusal = (f: () => unknown, name = "") => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CollabRefusal);
    return (e as CollabRefusal).reason;
  }
  throw new Error(`expected a refusal: ${name}`);
};

describe("checkUpdate", () => {
  it("accepts typing, deleting, new files and comments, and counts inserted characters", () => {
    const { server, edit } = pair();
    for (const u of [
      edit((d) => getFiles(d).get("main.py")!.insert(0, "# hi\n")),
      edit((d) => getFiles(d).get("main.py")!.delete(0, 2)),
      edit((d) => createFile(d, "src/util.py", "x = 1\n")),
      edit((d) => addComment(d, { file: "main.py", line: 1, authorId: "u", authorName: "U", text: "nice" })),
    ]) {
      const { insertedChars } = checkUpdate(server, u);
      Y.applyUpdate(server, u);
      expect(insertedChars).toBeGreaterThanOrEqual(0);
    }
    const abc = edit((d) => getFiles(d).get("main.py")!.insert(0, "abc"));
    expect(checkUpdate(server, abc).insertedChars).toBe(3);
    Y.applyUpdate(server, abc);
    expect(getFiles(server).get("src/util.py")!.toString()).toBe("x = 1\n");
    // A rename moves text; it inserts none (history must not flag it as a paste).
    const renamed = edit((d) => renameFile(d, "src/util.py", "lib/util.py"));
    expect(checkUpdate(server, renamed).insertedChars).toBe(0);
  });

  it("refuses what a hostile client could build by hand, without changing the document", () => {
    const { server } = pair();
    const before = Y.encodeStateAsUpdate(server);
    const cases: [string, (d: Y.Doc) => void, RegExp][] = [
      ["a bad path", (d) => getFiles(d).set("a/../../b", new Y.Text()), /may not contain empty/],
      ["text where a file should be", (d) => getFiles(d).set("x.py", "just a string" as unknown as Y.Text), /is not text/],
      ["an unknown root", (d) => d.getText("junk").insert(0, "x".repeat(1000)), /unknown part "junk"/],
      ["a huge setting", (d) => d.getMap("meta").set("theme", "x".repeat(5000)), /setting "theme" is too long/],
      ["a huge comment", (d) => d.getMap("comments").set("c1", { id: "c1", text: "x".repeat(10_000) }), /comment is too long/],
      [
        "a comment with fields of the wrong types",
        (d) => d.getMap("comments").set("c1", { id: "c1", text: "hi", createdAt: 5, authorName: 7 }),
        /a comment must have the fields/,
      ],
      [
        "formatting in a file",
        (d) =>
          getFiles(d)
            .get("main.py")!
            .format(0, 3, { bold: "x".repeat(1000) }),
        /may hold only plain text/,
      ],
      [
        "an object embedded in a file",
        (d) =>
          getFiles(d)
            .get("main.py")!
            .insertEmbed(0, { blob: "x".repeat(1000) }),
        /may hold only plain text/,
      ],
      [
        "a file and a folder of the same name",
        (d) => {
          createFile(d, "src", "");
          getFiles(d).set("src/a.py", new Y.Text());
        },
        /is a file, so it cannot hold/,
      ],
    ];
    for (const [name, f, reason] of cases) {
      // A fresh client each time: its update then depends only on what the server has.
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const sv = Y.encodeStateVector(client);
      f(client);
      expect(
        refusal(() => checkUpdate(server, Y.encodeStateAsUpdate(client, sv)), name),
        name,
      ).toMatch(reason);
    }
    expect(refusal(() => checkUpdate(server, new Uint8Array([1, 2, 3, 200, 200])), "garbage")).toMatch(/malformed update/);
    expect(refusal(() => checkUpdate(server, new Uint8Array(10), limits.updateBytes + 1), "size")).toMatch(/the limit is 262144 bytes/);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });

  it("refuses an update that depends on edits the server does not have (it could never be applied, only kept)", () => {
    const { server, edit } = pair();
    edit((d) => getFiles(d).get("main.py")!.insert(0, "a"));
    const second = edit((d) => getFiles(d).get("main.py")!.insert(1, "b".repeat(1000)));
    expect(refusal(() => checkUpdate(server, second))).toMatch(/depends on edits the server does not have/);
    expect(server.store.pendingStructs).toBeNull();
  });

  it("refuses typing that starts past what the server has of its client (a gap): it would stay pending and block every later edit", () => {
    const { server, edit } = pair();
    edit((d) => getFiles(d).get("main.py")!.insert(0, "a")); // withheld from the server
    // Typed after the server's own text, so every reference in it is known: only the clock is ahead.
    const gapped = edit((d) => {
      const text = getFiles(d).get("main.py")!;
      text.insert(text.length, "b");
    });
    const before = Y.encodeStateAsUpdate(server);
    expect(refusal(() => checkUpdate(server, gapped))).toMatch(/depends on edits the server does not have/);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    expect(server.store.pendingStructs).toBeNull();
    // Deleting text the server never got is refused the same way.
    const { server: server2, edit: edit2 } = pair();
    edit2((d) => getFiles(d).get("main.py")!.insert(0, "abc"));
    const deletion = edit2((d) => getFiles(d).get("main.py")!.delete(0, 2));
    expect(refusal(() => checkUpdate(server2, deletion))).toMatch(/depends on edits the server does not have/);
    expect(server2.store.pendingDs).toBeNull();
  });

  it("comments: your own only; only the author edits one; anyone who writes resolves as themselves; author or staff delete", () => {
    const server = new Y.Doc();
    createFile(server, "main.py", "print(1)\n");
    const student = { userId: "s", userName: "S", staff: false };
    const teacher = { userId: "t", userName: "T", staff: true };
    /** An edit from a fresh copy of the server's document, checked as `who`; applied when accepted. */
    const attempt = (who: typeof student, f: (d: Y.Doc) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const sv = Y.encodeStateVector(client);
      f(client);
      const u = Y.encodeStateAsUpdate(client, sv);
      checkUpdate(server, u, u.byteLength, who);
      Y.applyUpdate(server, u);
    };
    const byTeacher = (d: Y.Doc) => addComment(d, { id: "c1", file: "main.py", line: 1, authorId: "t", authorName: "T", text: "fix this" });
    expect(refusal(() => attempt(student, byTeacher))).toMatch(/a new comment must be your own/);
    attempt(teacher, byTeacher);
    const c1 = () => getComments(server).get("c1")!;
    expect(refusal(() => attempt(student, (d) => getComments(d).set("c1", { ...c1(), text: "I did" })))).toMatch(/only its author/);
    expect(refusal(() => attempt(student, (d) => resolveComment(d, "c1", "t")))).toMatch(/in your own name/);
    expect(refusal(() => attempt(student, (d) => getComments(d).delete("c1")))).toMatch(/only its author or the course staff/);
    attempt(student, (d) => resolveComment(d, "c1", "s"));
    expect(c1()).toMatchObject({ resolved: true, resolvedBy: "s", text: "fix this" });
    attempt(student, (d) => renameFile(d, "main.py", "app.py")); // the comment moves with its file
    expect(c1().file).toBe("app.py");
    attempt(teacher, (d) => getComments(d).delete("c1"));
    expect(getComments(server).size).toBe(0);
  });

  it("a renamed file keeps others' comments: a writer cannot drop them, or move them elsewhere, by renaming it by hand", () => {
    const server = new Y.Doc();
    createFile(server, "main.py", "print(1)\n");
    createFile(server, "other.py", "x = 1\n");
    const student = { userId: "s", userName: "S", staff: false };
    const teacher = { userId: "t", userName: "T", staff: true };
    const attempt = (who: typeof student, f: (d: Y.Doc) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const sv = Y.encodeStateVector(client);
      f(client);
      const u = Y.encodeStateAsUpdate(client, sv);
      checkUpdate(server, u, u.byteLength, who);
      Y.applyUpdate(server, u);
    };
    attempt(teacher, (d) => addComment(d, { id: "c1", file: "main.py", line: 1, authorId: "t", authorName: "T", text: "fix this" }));
    const c1 = () => getComments(server).get("c1")!;
    /** A rename as a hand-made client sends it: the new file, the old one deleted, the comment dropped. */
    const renameDropping = (d: Y.Doc) =>
      d.transact(() => {
        createFile(d, "app.py", "print(1)\n");
        getFiles(d).delete("main.py");
        getComments(d).delete("c1");
      });
    expect(refusal(() => attempt(student, renameDropping))).toMatch(/a renamed file keeps its comments: move them to "app.py"/);
    // Moved, but not with its file: into a file that was there already, or into none.
    const moveTo = (file: string) => (d: Y.Doc) =>
      d.transact(() => {
        createFile(d, "app.py", "print(1)\n");
        getFiles(d).delete("main.py");
        getComments(d).set("c1", { ...c1(), file });
      });
    expect(refusal(() => attempt(student, moveTo("other.py")))).toMatch(/only its author can change a comment/);
    expect(refusal(() => attempt(student, moveTo("nowhere.py")))).toMatch(/only its author can change a comment/);
    expect(c1().file).toBe("main.py");
    attempt(student, moveTo("app.py")); // what renameFile does
    expect(c1().file).toBe("app.py");
    // Deleting the file (not renaming it) still removes its comments, whoever wrote them.
    attempt(teacher, (d) => addComment(d, { id: "c2", file: "app.py", line: 1, authorId: "t", authorName: "T", text: "and this" }));
    attempt(student, (d) => deleteFile(d, "app.py"));
    expect(getComments(server).size).toBe(0);
  });

  it("comments carry the sender's own name: a student cannot sign one as the instructor", () => {
    const server = new Y.Doc();
    createFile(server, "main.py", "print(1)\n");
    const student = { userId: "s", userName: "Sam Student", staff: false };
    const attempt = (f: (d: Y.Doc) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const sv = Y.encodeStateVector(client);
      f(client);
      const u = Y.encodeStateAsUpdate(client, sv);
      checkUpdate(server, u, u.byteLength, student);
      Y.applyUpdate(server, u);
    };
    const comment = (authorName: string) => (d: Y.Doc) =>
      addComment(d, { id: "c1", file: "main.py", line: 1, authorId: "s", authorName, text: "well done" });
    expect(refusal(() => attempt(comment("The Instructor")))).toMatch(/a comment is signed with your own name: Sam Student/);
    attempt(comment("Sam Student"));
    const c1 = () => getComments(server).get("c1")!;
    expect(refusal(() => attempt((d) => getComments(d).set("c1", { ...c1(), authorName: "The Instructor" })))).toMatch(/your own name/);
    attempt((d) => getComments(d).set("c1", { ...c1(), text: "well done!" }));
    expect(c1()).toMatchObject({ authorName: "Sam Student", text: "well done!" });
  });

  it("asks before the full check (a copy of the document): refused when the sender's time budget is spent; typing never asks", () => {
    const { server, edit } = pair();
    let asked = 0;
    const spent = () => {
      asked++;
      return false;
    };
    const typing = edit((d) => getFiles(d).get("main.py")!.insert(0, "x"));
    expect(checkUpdate(server, typing, typing.byteLength, undefined, spent).insertedChars).toBe(1);
    expect(asked).toBe(0);
    Y.applyUpdate(server, typing);
    const newFile = edit((d) => createFile(d, "b.py", ""));
    expect(refusal(() => checkUpdate(server, newFile, newFile.byteLength, undefined, spent))).toMatch(/wait a few seconds/);
    expect(asked).toBe(1);
    expect(checkUpdate(server, newFile, newFile.byteLength, undefined, () => true).insertedChars).toBe(0);
  });

  it("refuses text past the size limit when typing into a file", () => {
    const { server, edit } = pair();
    const chunk = "y".repeat(200_000);
    let refused: string | null = null;
    for (let i = 0; i < 12 && !refused; i++) {
      const u = edit((d) => getFiles(d).get("main.py")!.insert(0, chunk));
      try {
        checkUpdate(server, u);
        Y.applyUpdate(server, u);
      } catch (e) {
        refused = (e as CollabRefusal).reason;
      }
    }
    expect(refused).toMatch(/workspace too large: \d+ characters; the limit is 2097152 characters of text/);
    expect(getFiles(server).get("main.py")!.length).toBeLessThanOrEqual(limits.docChars);
  });
});

describe("updateOfMessage", () => {
  const message = (type: number, sub: number, payload: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, "workspace:x");
    encoding.writeVarUint(e, type);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };
  it("finds the update in sync step 2, update and sync-reply messages, and nothing in the others", () => {
    const update = new Uint8Array([1, 2, 3]);
    expect(updateOfMessage(message(0, 1, update))).toEqual(update);
    expect(updateOfMessage(message(0, 2, update))).toEqual(update);
    // Hocuspocus applies a "sync reply" (type 4) like a sync message: it must not slip past the checks.
    expect(updateOfMessage(message(4, 2, update))).toEqual(update);
    expect(updateOfMessage(message(0, 0, update))).toBeNull();
    expect(updateOfMessage(message(1, 0, update))).toBeNull();
    expect(refusal(() => updateOfMessage(new Uint8Array([200, 200, 200])), "truncated")).toMatch(/malformed message/);
  });
});
