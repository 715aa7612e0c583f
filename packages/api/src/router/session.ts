import * as services from "@codeclass/services";
import { sessionCreateInput, sessionListInput, sessionRef, sessionUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const sessionRouter = router({
  list: protectedProcedure.input(sessionListInput).query(({ ctx, input }) => services.session.list(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.session.get(ctx.db, ctx.actor, input, Boolean(ctx.livekit))),
  create: protectedProcedure.input(sessionCreateInput).mutation(({ ctx, input }) => services.session.create(ctx.db, ctx.actor, input)),
  update: protectedProcedure.input(sessionUpdateInput).mutation(({ ctx, input }) => services.session.update(ctx.db, ctx.actor, input)),
  start: protectedProcedure.input(sessionRef).mutation(({ ctx, input }) => services.session.start(ctx.db, ctx.actor, input)),
  end: protectedProcedure.input(sessionRef).mutation(({ ctx, input }) => services.session.end(ctx.db, ctx.livekit, ctx.actor, input)),
});
