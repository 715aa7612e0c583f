/**
 * Judge0's comparison of a program's output with the expected one: trailing whitespace on each
 * line and newlines at the end are ignored (so "4 \n" matches "4", and "\r\n" line ends match "\n").
 */
export function sameOutput(actual: string, expected: string): boolean {
  return normalize(actual) === normalize(expected);
}

function normalize(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n+$/, "");
}
