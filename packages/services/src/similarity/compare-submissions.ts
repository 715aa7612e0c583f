import { languageIds } from "@codeclass/sandbox/rules";
import { Dolos, File, type Pair } from "@dodona/dolos-lib";
import { z } from "zod";

const file = z.object({
  path: z.string().min(1, { error: "is required" }).max(200, { error: "is longer than 200 characters, the limit" }),
  content: z.string().max(1024 * 1024, { error: "is larger than 1 MiB, the limit" }),
});

/** What `compareSubmissions` takes: one entry per student, the starter files to leave out, the engine's knobs. */
export const compareSubmissionsInput = z
  .object({
    language: z.enum(languageIds, { error: `must be one of ${languageIds.join(", ")}` }),
    submissions: z
      .array(z.object({ studentId: z.string().min(1), files: z.array(file).max(200, { error: "may hold at most 200 files" }) }))
      .max(1000, { error: "may hold at most 1000 submissions" }),
    /** Starter code every student received: fragments that match it are not counted (Dolos's ignored file). */
    starterFiles: z.array(file).max(200).default([]),
    /** Pairs under this similarity (0..1) are left out. */
    minSimilarity: z.number().min(0).max(1).default(0),
    /** Fingerprints found in more than this share of submissions are ignored (boilerplate everyone writes); null: none. */
    maxFingerprintPercentage: z.number().gt(0).max(1).nullable().default(null),
    /** The most fragments listed per pair (the longest first). */
    maxFragments: z.number().int().min(0).max(1000).default(50),
  })
  .strict();
export type CompareSubmissionsInput = z.input<typeof compareSubmissionsInput>;

/** A stretch of one file, lines and columns from 1 (as the editor counts them), the end column exclusive. */
export interface FileRange {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SimilarFragment {
  /** The matched code in the left student's files (one range per file it spans). */
  left: FileRange[];
  right: FileRange[];
  /** Its length in k-grams (Dolos's unit: overlapping runs of tokens). */
  kgrams: number;
}

export interface SimilarPair {
  left: string;
  right: string;
  /** Dolos's similarity: the share of both submissions' fingerprints that they have in common, 0..1. */
  similarity: number;
  /** The longest common fragment, in k-grams. */
  longest: number;
  /** Fingerprints in common. */
  overlap: number;
  fragments: SimilarFragment[];
}

/** One student's files as one text for Dolos, with where each file starts (files sorted by path). */
function joinFiles(files: { path: string; content: string }[]) {
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const starts: { path: string; row: number; rows: number; lastColumn: number }[] = [];
  let row = 0;
  const parts: string[] = [];
  for (const f of sorted) {
    const content = f.content.endsWith("\n") ? f.content : `${f.content}\n`;
    const rows = content.split("\n").length - 1;
    const lines = content.split("\n");
    starts.push({ path: f.path, row, rows, lastColumn: lines[rows - 1]?.length ?? 0 });
    parts.push(content);
    row += rows;
  }
  return { text: parts.join(""), starts };
}

type Joined = ReturnType<typeof joinFiles>;

/** A region of the joined text (rows from 0, as Dolos gives them) as ranges of the student's own files. */
function toRanges(joined: Joined, region: { startRow: number; startCol: number; endRow: number; endCol: number }): FileRange[] {
  const ranges: FileRange[] = [];
  for (const f of joined.starts) {
    const last = f.row + f.rows - 1;
    if (region.endRow < f.row || region.startRow > last) continue;
    const startsHere = region.startRow >= f.row;
    const endsHere = region.endRow <= last;
    ranges.push({
      path: f.path,
      startLine: (startsHere ? region.startRow - f.row : 0) + 1,
      startColumn: (startsHere ? region.startCol : 0) + 1,
      endLine: (endsHere ? region.endRow - f.row : f.rows - 1) + 1,
      endColumn: (endsHere ? region.endCol : f.lastColumn) + 1,
    });
  }
  return ranges;
}

/**
 * Compares every pair of submissions with Dolos (winnowing over tree-sitter tokens) and ranks the
 * pairs by similarity, each with its matched fragments as ranges of both students' files, for a
 * side-by-side view. Each student's files are compared as one text; starter code is ignored.
 */
export async function compareSubmissions(raw: CompareSubmissionsInput): Promise<{ pairs: SimilarPair[]; warnings: string[] }> {
  const input = compareSubmissionsInput.parse(raw);
  const joined = new Map<string, Joined>();
  const files: File[] = [];
  for (const s of input.submissions) {
    if (s.files.length === 0 || joined.has(s.studentId)) continue;
    const j = joinFiles(s.files);
    joined.set(s.studentId, j);
    files.push(new File(s.studentId, j.text));
  }
  if (files.length < 2) return { pairs: [], warnings: [] };
  const starter = input.starterFiles.length ? new File("starter", joinFiles(input.starterFiles).text) : undefined;
  const dolos = new Dolos({ language: input.language, maxFingerprintPercentage: input.maxFingerprintPercentage, minSimilarity: 0 });
  const report = await dolos.analyze(files, undefined, starter);
  const pairs = report
    .allPairs()
    .filter((p) => p.similarity >= input.minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || b.longest - a.longest)
    .map((p) => describePair(p, joined, input.maxFragments));
  return { pairs, warnings: report.warnings };
}

function describePair(pair: Pair, joined: Map<string, Joined>, maxFragments: number): SimilarPair {
  const left = joined.get(pair.leftFile.path)!;
  const right = joined.get(pair.rightFile.path)!;
  const fragments = pair
    .buildFragments()
    .map((f) => ({ f, kgrams: f.leftkgrams.to - f.leftkgrams.from }))
    .sort((a, b) => b.kgrams - a.kgrams)
    .slice(0, maxFragments)
    .map(({ f, kgrams }) => ({ left: toRanges(left, f.leftSelection), right: toRanges(right, f.rightSelection), kgrams }));
  return {
    left: pair.leftFile.path,
    right: pair.rightFile.path,
    similarity: pair.similarity,
    longest: pair.longest,
    overlap: pair.overlap,
    fragments,
  };
}
