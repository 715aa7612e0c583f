import * as services from "@codeclass/services";
import { courseRef, enrollmentAddInput, enrollmentRemoveInput, enrollmentSetRoleInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const enrollmentRouter = router({
  add: protectedProcedure.input(enrollmentAddInput).mutation(({ ctx, input }) => services.enrollment.add(ctx.db, ctx.actor, input)),
  remove: protectedProcedure
    .input(enrollmentRemoveInput)
    .mutation(({ ctx, input }) => services.enrollment.remove(ctx.db, ctx.actor, input)),
  setRole: protectedProcedure
    .input(enrollmentSetRoleInput)
    .mutation(({ ctx, input }) => services.enrollment.setRole(ctx.db, ctx.actor, input)),
  roster: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.enrollment.roster(ctx.db, ctx.actor, input)),
});
