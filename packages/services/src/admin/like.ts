/** A LIKE pattern matching `text` anywhere, its wildcards (`%`, `_`, `\`) taken literally. */
export function likePattern(text: string, anchored: "anywhere" | "prefix" = "anywhere") {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return anchored === "prefix" ? `${escaped}%` : `%${escaped}%`;
}
