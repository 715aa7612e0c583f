import type { AppRouter } from "@codeclass/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** `monitor.overview`: the server's live figures (null without a monitor) and the latest runs. */
export type MonitorOverview = inferOutput<Api["monitor"]["overview"]>;
export type LiveMonitor = NonNullable<MonitorOverview["live"]>;
export type MonitorAlert = LiveMonitor["alerts"][number];
export type HistoryKey = keyof LiveMonitor["history"][number]["values"];
export type MonitorRun = MonitorOverview["recentRuns"][number];
