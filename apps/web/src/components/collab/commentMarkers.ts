import { type Comment, commentPosition } from "@codeclass/workspace-doc";
import type * as Y from "yjs";
import { monaco } from "../run/monaco.ts";

/** Text shown as itself inside Monaco's markdown hovers (a field that is not text shows as nothing). */
function escapeMarkdown(text: unknown): string {
  if (typeof text !== "string") return "";
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, "\\$&");
}

/** Gutter markers and a line highlight for the file's open comments, at their anchors' current lines. */
export function commentDecorations(
  doc: Y.Doc,
  comments: readonly Comment[],
  file: string,
  lineCount: number,
): monaco.editor.IModelDeltaDecoration[] {
  return comments.flatMap((c) => {
    if (typeof c !== "object" || c === null || c.file !== file || c.resolved) return [];
    const at = commentPosition(doc, c);
    if (!at || at.line > lineCount) return [];
    const hover = { value: `**${escapeMarkdown(c.authorName) || "Someone"}**: ${escapeMarkdown(c.text)}` };
    return [
      {
        range: new monaco.Range(at.line, 1, at.line, 1),
        options: {
          isWholeLine: true,
          className: "codeclass-comment-line",
          glyphMarginClassName: "codeclass-comment-glyph",
          glyphMarginHoverMessage: hover,
          hoverMessage: hover,
        },
      },
    ];
  });
}
