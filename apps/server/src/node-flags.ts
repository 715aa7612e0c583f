/**
 * The node flags of a server process, which V8 reads before any code runs (so they cannot be set
 * at start-up as v8-settings.ts's flag is): given to `node` by `pnpm start` (and so by the Docker
 * image), and by the benches to their servers. Side-effect free, so a launcher can import it.
 */
import v8 from "node:v8";

/** The young generation's two halves, each this size (MB), from the start. */
export const semiSpaceMb = 64;

/**
 * Node flags for a server process (docs/performance.md, its first section).
 *
 * - A fixed young generation of 2 × 64 MB (V8's default is at most 16 MB a half, and a larger
 *   maximum alone is not used: V8 grows it only when much survives). At 1,000 editors the
 *   server allocates some 250 MB a second: with 16-32 MB halves a young collection came every
 *   100 ms, so every object that lives a few hundred milliseconds (an edit waiting for its commit,
 *   a per-document debounce) was promoted: 20-25 MB a second into the old generation, a full
 *   collection every 3-5 s, and each one a burst of slow keystrokes. With 64 MB halves the
 *   collections come every 200-250 ms and promote about 2.5 MB a second.
 * - The old generation is not collected in full below 512 MB. V8 sets the next full collection
 *   from the live size (about 100 MB idle, more with open documents), here some 30 % above it:
 *   a full collection every 2-3 s that reclaimed 30 MB. Above 512 MB V8's own rule applies.
 *
 * The cost is memory: some 110 MB more resident at 1,000 editors (550 MB, docs/deploy.md).
 */
export const serverNodeFlags = [
  `--min-semi-space-size=${semiSpaceMb}`,
  `--max-semi-space-size=${semiSpaceMb}`,
  "--initial-old-space-size=512",
];

/**
 * Whether this process was started with `serverNodeFlags`: its young generation shows it (one half
 * from the start, both once used; without the flags it starts at 1 MB and stays under 32 MB).
 */
export function startedWithServerFlags(): boolean {
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return young !== undefined && young.space_size >= semiSpaceMb * 2 ** 20;
}
