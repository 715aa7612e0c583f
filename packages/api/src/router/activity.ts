import * as services from "@codeclass/services";
import { activityCourseInput, activityCsvInput, activityPlatformInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/**
 * The activity dashboard: active students, runs, edits and the busiest hours over a date range,
 * per day of the caller's time zone. The platform's for admins; a course's for its instructors,
 * TAs and admins (the services check both).
 */
export const activityRouter = router({
  platform: protectedProcedure.input(activityPlatformInput).query(({ ctx, input }) => services.activity.platform(ctx.db, ctx.actor, input)),
  course: protectedProcedure.input(activityCourseInput).query(({ ctx, input }) => services.activity.course(ctx.db, ctx.actor, input)),
  csv: protectedProcedure.input(activityCsvInput).query(({ ctx, input }) => services.activity.csv(ctx.db, ctx.actor, input)),
});
