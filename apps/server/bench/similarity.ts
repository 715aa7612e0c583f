/**
 * pnpm bench:similarity: the similarity engine as Codeclass uses it (services.similarity.
 * compareSubmissions: Dolos over tree-sitter tokens, every submission of a case compared with
 * every other) on the IR-Plag cases. Per case: the ROC AUC of plagiarised vs independent
 * solutions, scored by their similarity to the original, and the precision, recall and F1 at
 * the threshold below; then the AUC per disguise level (L1 comments and layout ... L6 logic).
 *
 *   SIMILARITY_DATASET=/path/to/ir-plag SIMILARITY_THRESHOLD=0.5 pnpm bench:similarity
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@codeclass/db";
import { similarity } from "@codeclass/services";

/** Chosen on these cases: Dolos's similarity over which a pair is flagged for a person to look at. */
const threshold = Number(process.env.SIMILARITY_THRESHOLD ?? 0.5);
const dataset =
  process.env.SIMILARITY_DATASET ??
  [path.resolve(repoRoot, "../shared/datasets/ir-plag"), "/work/shared/datasets/ir-plag"].find((d) => fs.existsSync(d));
if (!dataset || !fs.existsSync(dataset)) throw new Error("IR-Plag not found: set SIMILARITY_DATASET to its folder");

const javaFiles = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".java"))
    .map((f) => ({ path: path.basename(f), content: fs.readFileSync(path.join(dir, f), "utf8") }));

type Labelled = { id: string; label: "original" | "plagiarised" | "independent"; level?: string };

/** The Mann-Whitney form of ROC AUC: the chance a positive scores above a negative (ties count half). */
function auc(positives: number[], negatives: number[]) {
  if (!positives.length || !negatives.length) return Number.NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

function f1(positives: number[], negatives: number[], t: number) {
  const tp = positives.filter((s) => s >= t).length;
  const fp = negatives.filter((s) => s >= t).length;
  const fn = positives.length - tp;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const cases = fs
  .readdirSync(dataset)
  .filter((d) => d.startsWith("case-"))
  .sort();
const rows: string[][] = [];
const levelRows: string[][] = [];
const allPos: number[] = [];
const allNeg: number[] = [];
const levels = ["L1", "L2", "L3", "L4", "L5", "L6"];
let totalMs = 0;
for (const name of cases) {
  const dir = path.join(dataset, name);
  const submissions: { studentId: string; files: { path: string; content: string }[] }[] = [];
  const labels = new Map<string, Labelled>();
  const add = (id: string, files: { path: string; content: string }[], label: Labelled["label"], level?: string) => {
    if (!files.length) return;
    submissions.push({ studentId: id, files });
    labels.set(id, { id, label, level });
  };
  add("original", javaFiles(path.join(dir, "original")), "original");
  for (const level of fs.readdirSync(path.join(dir, "plagiarized")).sort())
    for (const n of fs.readdirSync(path.join(dir, "plagiarized", level)).sort())
      add(`${level}/${n}`, javaFiles(path.join(dir, "plagiarized", level, n)), "plagiarised", level);
  for (const n of fs.readdirSync(path.join(dir, "non-plagiarized")).sort())
    add(`np/${n}`, javaFiles(path.join(dir, "non-plagiarized", n)), "independent");

  const started = performance.now();
  const { pairs } = await similarity.compareSubmissions({ language: "java", submissions, maxFragments: 0 });
  const ms = performance.now() - started;
  totalMs += ms;
  const withOriginal = new Map<string, number>();
  for (const p of pairs) {
    if (p.left === "original") withOriginal.set(p.right, p.similarity);
    else if (p.right === "original") withOriginal.set(p.left, p.similarity);
  }
  const score = (id: string) => withOriginal.get(id) ?? 0;
  const pos = [...labels.values()].filter((l) => l.label === "plagiarised").map((l) => score(l.id));
  const neg = [...labels.values()].filter((l) => l.label === "independent").map((l) => score(l.id));
  allPos.push(...pos);
  allNeg.push(...neg);
  const f = f1(pos, neg, threshold);
  rows.push([
    name,
    String(submissions.length),
    String(pairs.length),
    String(pos.length),
    String(neg.length),
    auc(pos, neg).toFixed(3),
    f.precision.toFixed(3),
    f.recall.toFixed(3),
    f.f1.toFixed(3),
    `${Math.round(ms)}`,
  ]);
  levelRows.push([
    name,
    ...levels.map((level) => {
      const lp = [...labels.values()].filter((l) => l.level === level).map((l) => score(l.id));
      return lp.length ? auc(lp, neg).toFixed(3) : "-";
    }),
  ]);
}
const all = f1(allPos, allNeg, threshold);
rows.push([
  "all",
  "",
  "",
  String(allPos.length),
  String(allNeg.length),
  auc(allPos, allNeg).toFixed(3),
  all.precision.toFixed(3),
  all.recall.toFixed(3),
  all.f1.toFixed(3),
  `${Math.round(totalMs)}`,
]);

function table(header: string[], body: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of body) console.log(line(r));
}

console.log(
  `IR-Plag (${dataset}), Dolos via services.similarity.compareSubmissions, threshold ${threshold}; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
table(["case", "submissions", "pairs", "plagiarised", "independent", "ROC AUC", "precision", "recall", `F1@${threshold}`, "ms"], rows);
console.log("\nROC AUC per disguise level (that level's copies vs the independent solutions):\n");
table(["case", ...levels], levelRows);
const best = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((t) => `${t}: ${f1(allPos, allNeg, t).f1.toFixed(3)}`).join(", ");
console.log(`\nF1 over all cases at other thresholds: ${best}`);
