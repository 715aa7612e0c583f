/**
 * The server's V8 setting made at start-up, imported first by main.ts (and by the benches' servers,
 * both the platform and the bare relay they are compared with, so both run as deployed). The heap's
 * sizes, which V8 fixes before any code runs, are node flags: node-flags.ts.
 *
 * Allocation-site pretenuring is off. V8 allocates the objects of an allocation site straight in
 * the old generation once most of them outlived a young collection. A class typing keeps many
 * objects alive for about one young-collection interval: per-document timers and payloads that
 * each keystroke replaces, rows waiting for their group commit, Yjs transactions. V8 then
 * pretenured those sites, so short-lived garbage went straight to the old generation. Without
 * pretenuring, such objects die young: half the promotion, young collections of about 4 ms
 * instead of 10. Set here, at start-up, it gave the same collections (`--trace-gc`) and figures
 * as the command-line flag.
 */
import v8 from "node:v8";

v8.setFlagsFromString("--no-allocation-site-pretenuring");
