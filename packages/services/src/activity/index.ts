export { chartCsv } from "./chart-csv.ts";
export { course } from "./course.ts";
export { csv } from "./csv.ts";
export { type ActivityDashboard, dashboard, type NotYetSeries, type StackedSeries } from "./dashboard.ts";
export { platform } from "./platform.ts";
export { type ActivityRange, activityRange } from "./range.ts";
export { pendingVerdict } from "./read-runs.ts";
