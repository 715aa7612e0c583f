import { describe, expect, test } from "vitest";
import { safeHref, splitLinks } from "../src/components/live/chat-links.ts";

const joined = (text: string) =>
  splitLinks(text)
    .map((p) => p.text)
    .join("");

describe("chat links", () => {
  test("http and https addresses become links; the sentence's closing punctuation stays text", () => {
    expect(splitLinks("see https://example.com/a?b=1&c=2. and http://x.test/(y)")).toEqual([
      { text: "see " },
      { text: "https://example.com/a?b=1&c=2", href: "https://example.com/a?b=1&c=2" },
      { text: ". and " },
      { text: "http://x.test/(y", href: "http://x.test/(y" },
      { text: ")" },
    ]);
  });

  test("other schemes and markup stay plain text", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      '<a href="javascript:alert(1)">x</a>',
      "file:///etc/passwd",
      "vbscript:msgbox",
    ]) {
      expect(splitLinks(text).every((p) => p.href === undefined)).toBe(true);
    }
    expect(safeHref("JaVaScRiPt:alert(1)")).toBeNull();
    expect(safeHref("https://ok.test/")).toBe("https://ok.test/");
  });

  test("the pieces put back together are the message exactly", () => {
    for (const text of [
      "  spaced  ",
      "a https://a.test b https://b.test",
      '<b>bold?</b> & https://x.test/"q"',
      "emoji 🎉 https://e.test/🎉",
    ]) {
      expect(joined(text)).toBe(text);
    }
  });
});
