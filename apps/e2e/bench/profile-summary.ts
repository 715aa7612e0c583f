/**
 * Summarises a .cpuprofile written by `BENCH_PROFILE=file pnpm bench:web`: self time by script and
 * the functions with the most self time, so the largest costs of the warm visit show at a glance.
 *   tsx apps/e2e/bench/profile-summary.ts file.cpuprofile [top]
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts file.cpuprofile [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
// A gap between two samples far longer than the sampling interval is time the renderer was not
// running (another process had the CPU): count at most a few intervals for it, so the figures are
// the page's own CPU time rather than the machine's load.
const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
const cap = 4 * (deltas[Math.floor(deltas.length / 2)] ?? 0);
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + Math.min(profile.timeDeltas[i] ?? 0, cap) / 1000);

const script = (url: string) => (url ? (url.split("/").pop() ?? url) : "(native/other)");
const byScript = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, ms] of self) {
  const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
  byScript.set(script(url), (byScript.get(script(url)) ?? 0) + ms);
  const key = `${functionName || "(anonymous)"} ${script(url)}:${lineNumber + 1}:${columnNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const total = (profile.endTime - profile.startTime) / 1000;
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${k}`);
};
const cpu = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`profile: ${total.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms counted (gaps over ${(cap / 1000).toFixed(1)} ms capped)`);
print("self time by script", byScript);
print("self time by function", byFunction);
