import type { AppRouter } from "@codeclass/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

/** What `activity.course` and `activity.platform` return: every chart's series for one range. */
export type ActivityData = inferOutput<TRPCOptionsProxy<AppRouter>["activity"]["course"]>;
export type StackedSeries = ActivityData["runsByLanguage"];
