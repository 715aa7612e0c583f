/**
 * A small line discipline for the run terminal, like a terminal in "cooked" mode: typed text is
 * echoed and kept on a pending line, Enter sends the line with its newline, Backspace edits it,
 * Ctrl-U clears it, Ctrl-D sends what is pending and then end-of-file, Ctrl-C interrupts.
 */
export interface LineResult {
  /** The line being typed, not yet sent. */
  pending: string;
  /** What to write to the terminal to show the typing (already in terminal form: "\r\n" line ends). */
  echo: string;
  /** Text to send to the program's stdin, in order; empty when nothing is ready. */
  send: string;
  /** Ctrl-D was typed: after `send`, stdin ends. */
  eof: boolean;
  /** Ctrl-C was typed: the program should stop. Anything after it in the chunk is dropped. */
  interrupt: boolean;
}

const ERASE = "\b \b";

/** Feeds one chunk of terminal input (a keystroke or a paste) through the pending line. */
export function feedLine(pending: string, chunk: string): LineResult {
  const out: LineResult = { pending, echo: "", send: "", eof: false, interrupt: false };
  // Arrow keys, Home, F-keys ...: escape sequences the line editor does not support.
  if (chunk.startsWith("\x1b")) return out;
  let line = pending;
  let previous = "";
  for (const ch of chunk) {
    const prev = previous;
    previous = ch;
    if (ch === "\r" || ch === "\n") {
      // A paste's "\r\n" is one line end, not two.
      if (ch === "\n" && prev === "\r") continue;
      out.send += `${line}\n`;
      out.echo += "\r\n";
      line = "";
    } else if (ch === "\x7f" || ch === "\b") {
      const chars = Array.from(line);
      if (chars.length > 0) {
        chars.pop();
        line = chars.join("");
        out.echo += ERASE;
      }
    } else if (ch === "\x15") {
      out.echo += ERASE.repeat(Array.from(line).length);
      line = "";
    } else if (ch === "\x04") {
      out.send += line;
      line = "";
      out.eof = true;
      break;
    } else if (ch === "\x03") {
      out.echo += "^C\r\n";
      line = "";
      out.interrupt = true;
      break;
    } else if (ch === "\t" || ch >= " ") {
      line += ch;
      out.echo += ch;
    }
    // Other control characters are ignored.
  }
  out.pending = line;
  return out;
}

/** Splits text into pieces of at most `max` characters (the API takes 64 KiB of UTF-8 per call). */
export function chunkText(text: string, max = 16_384): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + max, text.length);
    // Never split a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Output for xterm: "\n" becomes "\r\n" (a lone "\n" only moves the cursor down). */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/**
 * Whether the cursor is at the start of a line after writing `text`, ignoring colour codes at its
 * end (they do not move the cursor); null when `text` holds nothing but colour codes.
 */
export function endsAtLineStart(text: string): boolean | null {
  let end = text.length;
  while (end > 0 && text[end - 1] === "m") {
    const esc = text.lastIndexOf("\x1b[", end - 1);
    if (esc < 0 || !/^[0-9;]*$/.test(text.slice(esc + 2, end - 1))) break;
    end = esc;
  }
  return end === 0 ? null : text[end - 1] === "\n";
}
