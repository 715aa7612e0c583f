import * as services from "@codeclass/services";
import { courseArchiveInput, courseCreateInput, courseListMineInput, courseRef, courseUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const courseRouter = router({
  create: protectedProcedure.input(courseCreateInput).mutation(({ ctx, input }) => services.createCourse(ctx.db, ctx.actor, input)),
  update: protectedProcedure.input(courseUpdateInput).mutation(({ ctx, input }) => services.updateCourse(ctx.db, ctx.actor, input)),
  archive: protectedProcedure.input(courseArchiveInput).mutation(({ ctx, input }) => services.archiveCourse(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.getCourse(ctx.db, ctx.actor, input)),
  listMine: protectedProcedure.input(courseListMineInput).query(({ ctx, input }) => services.listMyCourses(ctx.db, ctx.actor, input)),
});
