/**
 * The node flags of a server process: the heap's sizes, which V8 fixes as it sets the heap up (so
 * they cannot be set at start-up as v8-settings.ts's flag is). Given to `node` by `pnpm start` (and
 * so by the Docker image), and by the benches to their servers. Side-effect free, so a launcher
 * can import it.
 */
import v8 from "node:v8";

/** The young generation's two halves, each this size (MB), from the start. */
export const semiSpaceMb = 64;

/**
 * Node flags for a server process (docs/performance.md, its first section). At 1,000 editors
 * (`BENCH_STUDENTS=1000 BENCH_CLASSES=40 pnpm bench:collab`) every full collection was a burst of
 * slow keystrokes (a pause, then marking on cores the editors' traffic needs); with V8's defaults
 * one came every 3-5 s. These make them rare:
 *
 * - A fixed young generation of 2 × 64 MB. V8's default is at most 16 MB a half, and a larger
 *   maximum alone is not used (V8 grows it only when much survives). The server allocates some
 *   250 MB a second there: with 16-32 MB halves a young collection came every 100 ms, and every
 *   object that lives a few hundred milliseconds (an edit waiting for its commit, a per-document
 *   debounce) was promoted, 20-25 MB a second. With 64 MB halves: every 200-250 ms, 2.5-3 MB a
 *   second promoted.
 * - The old generation's limit is 512 MB (it stayed there in these runs). V8 sized it from the
 *   live heap (about 100 MB), some 30 % above it: a full collection every 2-3 s that reclaimed
 *   30 MB.
 *
 * What still starts a full collection at 1,000 editors: external memory (ArrayBuffers' bytes).
 * V8 starts one whenever it has grown by some 64 MB, and ArrayBuffers that outlived their young
 * collection grow by 3.3 MB a second there (a bare relay's do not; postgres.js building the update
 * log's statements allocates about as much, why it outlives young collections is not found yet):
 * a full collection every 15-20 s, a burst of 100-400 slow keystrokes each. Counting
 * them in the heap's global limit instead (`--external-memory-accounted-in-global-limit`) made it
 * one every 100 s or so, but each a longer pause on a larger heap, the same p99 over 180 s, and
 * 400 MB more resident: left out.
 *
 * The cost is memory: about 120 MB more resident at 1,000 editors (550-590 MB; docs/deploy.md).
 */
export const serverNodeFlags = [
  `--min-semi-space-size=${semiSpaceMb}`,
  `--max-semi-space-size=${semiSpaceMb}`,
  "--initial-old-space-size=512",
];

/** This process's young generation, MB (V8's "new_space"). */
export function youngGenerationMb(): number {
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return (young?.space_size ?? 0) / 2 ** 20;
}

/**
 * Whether this process was started with `serverNodeFlags`: its young generation shows it (one half
 * from the start, both once used; without the flags it starts at 1 MB and stays under 32 MB).
 */
export function startedWithServerFlags(): boolean {
  return youngGenerationMb() >= semiSpaceMb;
}
