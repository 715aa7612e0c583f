import type { DbOrTx } from "@codeclass/db";
import { languageIds, verdicts } from "@codeclass/sandbox";
import type { ActivityRange } from "./range.ts";
import { readActiveStudents } from "./read-active-students.ts";
import { readEdits } from "./read-edits.ts";
import { pendingVerdict, readRuns } from "./read-runs.ts";

/** Counts per day split by a key (language or verdict): one row per day of the range, every key present. */
export interface StackedSeries {
  /** The keys that occur in the range, in a stable order (the language table's, the verdict list's). */
  keys: string[];
  rows: { day: string; total: number; counts: Record<string, number> }[];
}

/** A chart whose data comes with a feature that does not exist yet: an empty series. */
export interface NotYetSeries {
  available: false;
  rows: { day: string; count: number }[];
}

/** Everything the activity dashboard draws, for one range and scope. Days and hours are the range's time zone's. */
export interface ActivityDashboard {
  range: { courseId: string | null; from: string; to: string; timeZone: string; days: number };
  totals: { activeStudents: number; runs: number; edits: number };
  activeStudents: { day: string; students: number }[];
  runsByLanguage: StackedSeries;
  runsByVerdict: StackedSeries;
  edits: { day: string; edits: number; insertedChars: number }[];
  /** 7 × 24 cells, Monday 00:00 first: runs and edits in each hour of each weekday over the range. */
  busiestHours: { weekday: number; hour: number; runs: number; edits: number }[];
  /** Comes with assignments. */
  submissions: NotYetSeries;
  /** Comes with live sessions. */
  attendance: NotYetSeries;
}

function ordered(found: Set<string>, known: readonly string[]) {
  return [...known.filter((k) => found.has(k)), ...[...found].filter((k) => !known.includes(k)).sort()];
}

function stacked(days: string[], items: { day: string; key: string; n: number }[], known: readonly string[]): StackedSeries {
  const keys = ordered(new Set(items.map((i) => i.key)), known);
  const byDay = new Map(days.map((day) => [day, { day, total: 0, counts: Object.fromEntries(keys.map((k) => [k, 0])) }]));
  for (const i of items) {
    const row = byDay.get(i.day);
    if (!row) continue;
    row.counts[i.key] = (row.counts[i.key] ?? 0) + i.n;
    row.total += i.n;
  }
  return { keys, rows: [...byDay.values()] };
}

/** Reads and shapes the dashboard (no access check: the verbs do that first). */
export async function dashboard(db: DbOrTx, range: ActivityRange): Promise<ActivityDashboard> {
  const [runs, edits, active] = await Promise.all([readRuns(db, range), readEdits(db, range), readActiveStudents(db, range)]);
  const activeByDay = new Map(active.byDay.map((r) => [r.day, r.students]));
  const editsByDay = new Map(edits.byDay.map((r) => [r.day, r]));
  const cell = (weekday: number, hour: number) => (weekday - 1) * 24 + hour;
  const busiestHours = Array.from({ length: 7 * 24 }, (_, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, runs: 0, edits: 0 }));
  for (const r of runs.byHour) busiestHours[cell(r.weekday, r.hour)]!.runs += r.runs;
  for (const r of edits.byHour) busiestHours[cell(r.weekday, r.hour)]!.edits += r.edits;
  return {
    range: { courseId: range.courseId, from: range.from, to: range.to, timeZone: range.timeZone, days: range.days.length },
    totals: {
      activeStudents: active.total,
      runs: runs.byDay.reduce((n, r) => n + r.runs, 0),
      edits: edits.byDay.reduce((n, r) => n + r.edits, 0),
    },
    activeStudents: range.days.map((day) => ({ day, students: activeByDay.get(day) ?? 0 })),
    runsByLanguage: stacked(
      range.days,
      runs.byDay.map((r) => ({ day: r.day, key: r.language, n: r.runs })),
      languageIds,
    ),
    runsByVerdict: stacked(
      range.days,
      runs.byDay.map((r) => ({ day: r.day, key: r.verdict, n: r.runs })),
      [...verdicts, pendingVerdict],
    ),
    edits: range.days.map((day) => editsByDay.get(day) ?? { day, edits: 0, insertedChars: 0 }),
    busiestHours,
    submissions: { available: false, rows: [] },
    attendance: { available: false, rows: [] },
  };
}
