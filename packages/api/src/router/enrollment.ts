import * as services from "@codeclass/services";
import { courseRef, enrollmentAddInput, enrollmentRemoveInput, enrollmentSetRoleInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const enrollmentRouter = router({
  add: protectedProcedure.input(enrollmentAddInput).mutation(({ ctx, input }) => services.addEnrollment(ctx.db, ctx.actor, input)),
  remove: protectedProcedure.input(enrollmentRemoveInput).mutation(({ ctx, input }) => services.removeEnrollment(ctx.db, ctx.actor, input)),
  setRole: protectedProcedure
    .input(enrollmentSetRoleInput)
    .mutation(({ ctx, input }) => services.setEnrollmentRole(ctx.db, ctx.actor, input)),
  roster: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.listRoster(ctx.db, ctx.actor, input)),
});
