import * as services from "@codeclass/services";
import { importInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/**
 * Platform administration (admins only; the services check the role). Bulk import takes the CSV
 * text itself, so both calls are mutations (a POST body, not a query string): the preview
 * writes nothing, the commit writes all or nothing.
 */
export const adminRouter = router({
  importPreview: protectedProcedure.input(importInput).mutation(({ ctx, input }) => services.importing.preview(ctx.db, ctx.actor, input)),
  importCommit: protectedProcedure
    .input(importInput)
    .mutation(({ ctx, input }) => services.importing.commit(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
});
