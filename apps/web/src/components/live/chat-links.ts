// Candidates only: each is checked with the URL parser before it becomes a link.
const candidate = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that usually closes the sentence rather than the address.
const trailing = /[.,;:!?)\]}'"]+$/;

/** A piece of a chat message: plain text, or an http(s) address to show as a link. */
export type ChatPiece = { text: string; href?: undefined } | { text: string; href: string };

/** The address as a link target when it is an http(s) URL, else null (it stays text). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Splits a message into text and http(s) links; joined back, the pieces' text is the message exactly. */
export function splitLinks(message: string): ChatPiece[] {
  const pieces: ChatPiece[] = [];
  let last = 0;
  for (const match of message.matchAll(candidate)) {
    const start = match.index;
    const text = match[0].replace(trailing, "");
    const href = safeHref(text);
    if (!href) continue;
    if (start > last) pieces.push({ text: message.slice(last, start) });
    pieces.push({ text, href });
    last = start + text.length;
  }
  if (last < message.length) pieces.push({ text: message.slice(last) });
  return pieces;
}
