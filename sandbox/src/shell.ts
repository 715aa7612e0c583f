/**
 * One line of single-quoted shell words, for a sandbox shell that reads its command with
 * `IFS= read -r line` and runs `eval "set -- $line"`: every word stays literal, and a newline
 * inside a word is spliced in as "$nl" (the reading shell sets nl to a newline), so the whole
 * command is one line. NUL cannot be passed (callers reject it).
 */
export function shellLine(words: string[]): string {
  return `${words.map((w) => `'${w.replace(/'/g, `'\\''`).replace(/\n/g, `'"$nl"'`)}'`).join(" ")}\n`;
}

/** The reading side of `shellLine`: sets "$@" from the first line of stdin (read a byte at a time, so nothing after it is consumed). */
export const readShellLine = `nl='\n'; IFS= read -r line || exit 125; eval "set -- $line"; unset line nl`;
