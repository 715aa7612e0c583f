import * as services from "@codeclass/services";
import { courseArchiveInput, courseCreateInput, courseListMineInput, courseRef, courseUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const courseRouter = router({
  create: protectedProcedure.input(courseCreateInput).mutation(({ ctx, input }) => services.course.create(ctx.db, ctx.actor, input)),
  update: protectedProcedure.input(courseUpdateInput).mutation(({ ctx, input }) => services.course.update(ctx.db, ctx.actor, input)),
  archive: protectedProcedure.input(courseArchiveInput).mutation(({ ctx, input }) => services.course.archive(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.course.get(ctx.db, ctx.actor, input)),
  listMine: protectedProcedure.input(courseListMineInput).query(({ ctx, input }) => services.course.listMine(ctx.db, ctx.actor, input)),
});
