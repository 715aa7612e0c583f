/**
 * What of a program's output reaches the terminal. A run's output is untrusted (a student's program,
 * seen by their instructor too), and xterm.js acts on escape sequences: links (OSC 8) whose text
 * need not match where they lead, the clipboard and title (OSC 52, OSC 0/2), queries whose answers
 * xterm types back as input (device status, DA), modes (mouse tracking, the alternate screen) and
 * resets, scrollback erasure. Kept: colours and styles (SGR) and plain cursor movement and erasing
 * within the screen, which exercises print. Everything else is dropped, sequence and all.
 *
 * Output arrives in pieces, so one filter per stream keeps a sequence cut at a piece's end until the
 * rest comes (a string sequence that never ends is dropped up to its end, however long).
 */

/** CSI finals kept (no private prefix): SGR, cursor moves and positions, erase in display / line. */
const keptCsiFinals = new Set(["m", "A", "B", "C", "D", "E", "F", "G", "H", "f", "J", "K"]);
/** Longest CSI kept waiting for its end; past it, it is not one a program meant. */
const maxCsi = 64;
/** ESC + one of these starts a string sequence (OSC, DCS, SOS, PM, APC), ended by BEL (OSC) or ESC \. */
const stringStarts = new Set(["]", "P", "X", "^", "_"]);
/** ESC + one of these designates a character set: one more character follows. */
const charsetIntros = new Set(["(", ")", "*", "+", "-", ".", "/"]);
// C1 controls (U+0080 to U+009F): 8-bit forms of CSI, OSC, DCS... that xterm.js would act on too.
const c1 = /[\u0080-\u009f]/g;

export class TerminalFilter {
  private pending = "";
  /** Inside a string sequence whose start was dropped: drop until its terminator. */
  private skippingString = false;

  /** The piece's text as it may be written to the terminal; an unfinished sequence at its end waits. */
  push(piece: string): string {
    const text = this.pending + piece.replace(c1, "");
    this.pending = "";
    let out = "";
    let i = 0;
    if (this.skippingString) {
      const end = stringEnd(text, 0);
      if (end === null) {
        // Keep a lone ESC at the end: it may be the start of ESC \.
        if (text.endsWith("\x1b")) this.pending = "\x1b";
        return "";
      }
      this.skippingString = false;
      i = end;
    }
    while (i < text.length) {
      const esc = text.indexOf("\x1b", i);
      if (esc < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, esc);
      const kind = text[esc + 1];
      if (kind === undefined) {
        this.pending = text.slice(esc);
        break;
      }
      if (kind === "[") {
        // Parameter and intermediate bytes (0x20 to 0x3f), then one final byte (0x40 to 0x7e).
        let j = esc + 2;
        while (j < text.length && j - esc <= maxCsi && isCsiBody(text.charCodeAt(j))) j++;
        if (j >= text.length && j - esc <= maxCsi) {
          this.pending = text.slice(esc);
          break;
        }
        if (j - esc > maxCsi || !isCsiFinal(text.charCodeAt(j))) {
          // Not a sequence any program means: dropped up to where it went wrong.
          i = j;
          continue;
        }
        const params = text.slice(esc + 2, j);
        const final = text[j]!;
        if (keptCsiFinals.has(final) && /^[0-9;:]*$/.test(params) && !(final === "J" && !/^[012]?$/.test(params)))
          out += text.slice(esc, j + 1);
        i = j + 1;
      } else if (stringStarts.has(kind)) {
        const end = stringEnd(text, esc + 2);
        if (end === null) {
          this.skippingString = true;
          if (text.endsWith("\x1b")) this.pending = "\x1b";
          break;
        }
        i = end;
      } else if (charsetIntros.has(kind)) {
        if (esc + 2 >= text.length) {
          this.pending = text.slice(esc);
          break;
        }
        i = esc + 3;
      } else {
        // ESC 7 / ESC 8 (save and restore the cursor) are kept; the rest (ESC c resets the terminal...) dropped.
        if (kind === "7" || kind === "8") out += text.slice(esc, esc + 2);
        i = esc + 2;
      }
    }
    return out;
  }

  /** Forgets a sequence left unfinished (a new run). */
  reset(): void {
    this.pending = "";
    this.skippingString = false;
  }
}

const isCsiBody = (code: number) => code >= 0x20 && code <= 0x3f;
const isCsiFinal = (code: number) => code >= 0x40 && code <= 0x7e;

/** The index after a string sequence's terminator (BEL or ESC \) at or after `from`, or null. */
function stringEnd(text: string, from: number): number | null {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "\x07") return j + 1;
    if (text[j] === "\x1b" && text[j + 1] === "\\") return j + 2;
  }
  return null;
}
