import * as services from "@codeclass/services";
import { attendanceHistoryInput, historyInput, profileUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

// Every procedure here acts on the caller's own account: none takes a user id.
export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => services.profile.get(ctx.db, ctx.actor)),
  updateProfile: protectedProcedure
    .input(profileUpdateInput)
    .mutation(({ ctx, input }) => services.profile.updateProfile(ctx.db, ctx.actor, input)),
  dashboard: protectedProcedure.query(({ ctx }) => services.profile.dashboard(ctx.db, ctx.actor)),
  history: protectedProcedure.input(historyInput).query(({ ctx, input }) => services.profile.history(ctx.db, ctx.actor, input)),
  attendance: protectedProcedure
    .input(attendanceHistoryInput)
    .query(({ ctx, input }) => services.profile.attendance(ctx.db, ctx.actor, input)),
});
