/**
 * The editor's file tabs: the files opened so far, in the order they were opened; a file that
 * no longer exists (deleted, renamed away) leaves, and the open file is always among them.
 */
export function nextOpenTabs(open: readonly string[], paths: readonly string[], active: string | null): string[] {
  const next = open.filter((p) => paths.includes(p));
  if (active && paths.includes(active) && !next.includes(active)) next.push(active);
  return next.length === open.length && next.every((p, i) => p === open[i]) ? (open as string[]) : next;
}

/** The tab to show after closing `path`: its right neighbour, else its left one, else none. */
export function afterClose(open: readonly string[], path: string): string | null {
  const i = open.indexOf(path);
  const rest = open.filter((p) => p !== path);
  return rest[Math.min(i, rest.length - 1)] ?? null;
}
