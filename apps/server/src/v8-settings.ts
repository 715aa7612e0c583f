/**
 * The server's V8 settings, imported first by main.ts (and by the benches' servers, both the
 * platform and the bare relay they are compared with, so both run as deployed).
 *
 * Allocation-site pretenuring is off. V8 allocates the objects of an allocation site straight in
 * the old generation once most of them outlived a young collection. A class typing keeps many
 * objects alive for about one young-collection interval: per-document timers and payloads that
 * each keystroke replaces, rows waiting for their group commit, Yjs transactions. V8 then
 * pretenured those sites, so short-lived garbage went straight to the old generation. The old
 * generation grew by some 15-20 MB a second at 1,000 editors: full collections of a 300-400 MB
 * heap, and young collections of about 10 ms that had to scan the old objects. Without
 * pretenuring, such objects die young: half the promotion, young collections of about 4 ms
 * instead of 10, and a lower p99 at 1,000 editors (docs/performance.md, its first section; the
 * server's CPU did not move, the bare relay's fell by 5 points of a core).
 * Set here, at start-up, it gave the same collections (`--trace-gc`) and figures as the
 * command-line flag, so deployments need no Node option of their own.
 */
import v8 from "node:v8";

v8.setFlagsFromString("--no-allocation-site-pretenuring");
