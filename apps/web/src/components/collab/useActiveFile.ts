import { useEffect, useState } from "react";

/**
 * The open file: the entry file (or the first) until the reader picks one, and a neighbour when
 * the open file is deleted or renamed away (by anyone).
 */
export function useActiveFile(paths: readonly string[], entry: string | null) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [lastIndex, setLastIndex] = useState(0);
  const fallback = entry && paths.includes(entry) ? entry : (paths[Math.min(lastIndex, paths.length - 1)] ?? null);
  const active = chosen && paths.includes(chosen) ? chosen : fallback;
  useEffect(() => {
    if (active) setLastIndex(Math.max(0, paths.indexOf(active)));
  }, [active, paths]);
  return [active, setChosen] as const;
}
