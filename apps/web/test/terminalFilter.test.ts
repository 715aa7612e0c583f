import { describe, expect, test } from "vitest";
import { TerminalFilter } from "../src/components/run/terminalFilter.ts";

const filtered = (...pieces: string[]) => {
  const f = new TerminalFilter();
  return pieces.map((p) => f.push(p)).join("");
};

describe("a program's output on the terminal", () => {
  test("text, colours, cursor moves and erasing within the screen pass as they are", () => {
    const art = "plain\r\n\x1b[1;31mred\x1b[0m \x1b[38;5;208morange\x1b[m\x1b[2J\x1b[H\x1b[3;4H\x1b[2K\x1b[5A\x1b7x\x1b8\ttab\x08";
    expect(filtered(art)).toBe(art);
    expect(filtered("한글 ✓ émoji 🎉")).toBe("한글 ✓ émoji 🎉");
  });

  test("links, clipboard, title, queries, modes, resets and scrollback erasure are dropped, sequence and all", () => {
    expect(filtered("see \x1b]8;;https://evil.example/login\x07your grade\x1b]8;;\x07 now")).toBe("see your grade now");
    expect(filtered("a\x1b]52;c;ZXZpbA==\x1b\\b")).toBe("ab");
    expect(filtered("\x1b]0;Instructor login\x07t")).toBe("t");
    expect(filtered("q\x1b[6n\x1b[c\x1b[>c\x1b[18t")).toBe("q");
    expect(filtered("\x1b[?1049h\x1b[?1000h\x1b[?2004hm")).toBe("m");
    expect(filtered("\x1bcreset\x1b[3J\x1b[2;3J\x1b[03J\x1b[3:1J")).toBe("reset");
    expect(filtered("\x1bP+q544e\x1b\\d\x1b_apc\x1b\\\x1b^pm\x07e")).toBe("de");
    expect(filtered("\x1b(Bcharset")).toBe("charset");
    // 8-bit forms: C1 CSI and OSC.
    expect(filtered("x\u009b6n\u009d0;t\u0007y")).toBe("x6n0;t\u0007y");
  });

  test("a sequence cut between pieces waits for its end", () => {
    expect(filtered("a\x1b", "[31mred")).toBe("a\x1b[31mred");
    expect(filtered("a\x1b[3", "1mred")).toBe("a\x1b[31mred");
    expect(filtered("a\x1b]8;;http", "s://x\x07link\x1b]8;;\x1b", "\\b")).toBe("alinkb");
    expect(filtered("a\x1b(", "Bb")).toBe("ab");
  });

  test("a string sequence that never ends drops what follows it, however long, and no more", () => {
    const f = new TerminalFilter();
    expect(f.push("before\x1b]8;;")).toBe("before");
    for (let i = 0; i < 100; i++) expect(f.push("x".repeat(10_000))).toBe("");
    expect(f.push("\x07after")).toBe("after");
  });

  test("malformed or endless CSI: dropped, the text after it kept", () => {
    expect(filtered(`\x1b[${"1;".repeat(100)}mtext`)).toMatch(/text$/);
    expect(filtered(`\x1b[${"1;".repeat(100)}mtext`)).not.toContain("\x1b");
    expect(filtered("\x1b[1\nnext")).toBe("\nnext");
  });

  test("reset forgets a sequence left unfinished", () => {
    const f = new TerminalFilter();
    expect(f.push("\x1b]8;;")).toBe("");
    f.reset();
    expect(f.push("new run")).toBe("new run");
  });
});
