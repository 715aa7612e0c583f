import { publicProcedure, router } from "../trpc.ts";

export const systemRouter = router({
  /** What the sign-in page needs before anyone is signed in. */
  config: publicProcedure.query(({ ctx }) => ({ socialProviders: ctx.socialProviders, version: ctx.version })),
});
