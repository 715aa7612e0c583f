/**
 * One line of single-quoted shell words, for a sandbox shell that reads its command with
 * `IFS= read -r line` and runs `eval "set -- $line"`: every word stays literal, and a newline
 * inside a word is spliced in as "$nl" (the reading shell sets nl to a newline), so the whole
 * command is one line. NUL cannot be passed (callers reject it).
 */
export function shellLine(words: string[], presets?: ReadonlyMap<string, string>): string {
  const quote = (w: string) => {
    // A word the reading shell already holds (see shellPresets) is named instead of sent.
    const name = presets?.get(w);
    return name ? `"$${name}"` : singleQuoted(w).replace(/\n/g, `'"$nl"'`);
  };
  return `${words.map(quote).join(" ")}\n`;
}

/** `w` as one single-quoted shell word (newlines kept as they are). */
const singleQuoted = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

/**
 * Long words that every command of a kind carries (Python's check-and-run script, 1.2 KB): set as
 * variables of the reading shell when it starts (`assignments`, before the command is known), and
 * named in the line (`names`, for shellLine) instead of sent, since the shell reads its line a
 * byte at a time. The values are the server's own constants, never a user's.
 */
export function shellPresets(words: readonly string[]): { names: ReadonlyMap<string, string>; assignments: string } {
  const names = new Map(words.map((w, i) => [w, `codeclass_preset${i}`]));
  const assignments = [...names].map(([w, name]) => `${name}=${singleQuoted(w)}`).join("; ");
  return { names, assignments };
}

/** The reading side of `shellLine`: sets "$@" from the first line of stdin (read a byte at a time, so nothing after it is consumed). */
export const readShellLine = `nl='\n'; IFS= read -r line || exit 125; eval "set -- $line"; unset line nl`;
