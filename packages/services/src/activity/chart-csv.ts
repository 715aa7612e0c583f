import type { ActivityChart } from "@codeclass/validators";
import { toCsv } from "../csv.ts";
import type { ActivityDashboard, StackedSeries } from "./dashboard.ts";

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** A per-day stacked chart as a wide table: day, total, then one column per key. */
function stackedCsv(series: StackedSeries) {
  type Row = StackedSeries["rows"][number];
  return toCsv<Row>(
    [
      { header: "day", value: (r) => r.day },
      { header: "total", value: (r) => r.total },
      ...series.keys.map((k) => ({ header: k, value: (r: Row) => r.counts[k] ?? 0 })),
    ],
    series.rows,
  );
}

/** One chart's data as the CSV file its "Download CSV" button saves (days and hours in the range's time zone). */
export function chartCsv(chart: ActivityChart, d: ActivityDashboard): string {
  switch (chart) {
    case "activeStudents":
      return toCsv(
        [
          { header: "day", value: (r) => r.day },
          { header: "active_students", value: (r) => r.students },
        ],
        d.activeStudents,
      );
    case "runsByLanguage":
      return stackedCsv(d.runsByLanguage);
    case "runsByVerdict":
      return stackedCsv(d.runsByVerdict);
    case "edits":
      return toCsv(
        [
          { header: "day", value: (r) => r.day },
          { header: "edits", value: (r) => r.edits },
          { header: "inserted_chars", value: (r) => r.insertedChars },
        ],
        d.edits,
      );
    case "busiestHours":
      return toCsv(
        [
          { header: "weekday", value: (r) => weekdayNames[r.weekday - 1] },
          { header: "hour", value: (r) => r.hour },
          { header: "runs", value: (r) => r.runs },
          { header: "edits", value: (r) => r.edits },
        ],
        d.busiestHours,
      );
    case "submissions":
      return toCsv(
        [
          { header: "day", value: (r) => r.day },
          { header: "submissions", value: (r) => r.count },
        ],
        d.submissions.rows,
      );
    case "attendance":
      return toCsv(
        [
          { header: "day", value: (r) => r.day },
          { header: "attendees", value: (r) => r.count },
        ],
        d.attendance.rows,
      );
  }
}
