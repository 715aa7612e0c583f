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
 * pretenuring, such objects die young: half the promotion, young collections of about 4 ms,
 * and 4-6 points less of a core (docs/performance.md, "1,000 editors").
 * The flag is read at each collection, so setting it at start-up takes effect.
 */
import v8 from "node:v8";

v8.setFlagsFromString("--no-allocation-site-pretenuring");
