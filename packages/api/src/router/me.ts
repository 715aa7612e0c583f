import * as services from "@codeclass/services";
import { profileUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => services.profile.get(ctx.db, ctx.actor)),
  updateProfile: protectedProcedure
    .input(profileUpdateInput)
    .mutation(({ ctx, input }) => services.profile.updateProfile(ctx.db, ctx.actor, input)),
});
