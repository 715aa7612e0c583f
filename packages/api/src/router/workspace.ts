import * as services from "@codeclass/services";
import { courseRef, workspaceHistoryInput, workspaceRef, workspaceSendFileInput, workspaceSetTemplateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/** Collaborative workspaces (docs/collab.md): which Y.Doc to open, the review roster, the edit log. */
export const workspaceRouter = router({
  // getOrCreate and getOrCreateDemo create the workspace on first call; they are idempotent, so queries (useQuery on page load).
  getOrCreate: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.workspace.getOrCreate(ctx.db, ctx.actor, input)),
  getOrCreateDemo: protectedProcedure
    .input(courseRef)
    .query(({ ctx, input }) => services.workspace.getOrCreateDemo(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(workspaceRef).query(({ ctx, input }) => services.workspace.get(ctx.db, ctx.actor, input)),
  roster: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.workspace.roster(ctx.db, ctx.actor, input)),
  history: protectedProcedure.input(workspaceHistoryInput).query(({ ctx, input }) => services.workspace.history(ctx.db, ctx.actor, input)),
  setTemplate: protectedProcedure
    .input(workspaceSetTemplateInput)
    .mutation(({ ctx, input }) => services.workspace.setTemplate(ctx.db, ctx.actor, input)),
  sendFile: protectedProcedure
    .input(workspaceSendFileInput)
    .mutation(({ ctx, input }) => services.workspace.sendFile(ctx.db, ctx.workspaceEditor, ctx.actor, input)),
});
