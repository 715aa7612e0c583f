import * as services from "@codeclass/services";
import { courseRef, workspaceHistoryInput, workspaceRef, workspaceSetTemplateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/** Collaborative workspaces (docs/collab.md): which Y.Doc to open, the review roster, the edit log. */
export const workspaceRouter = router({
  // open and demo create the workspace on first call; they are idempotent, so queries (useQuery on page load).
  open: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.openWorkspace(ctx.db, ctx.actor, input)),
  demo: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.getDemoWorkspace(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(workspaceRef).query(({ ctx, input }) => services.getWorkspace(ctx.db, ctx.actor, input)),
  roster: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.workspaceRoster(ctx.db, ctx.actor, input)),
  history: protectedProcedure.input(workspaceHistoryInput).query(({ ctx, input }) => services.workspaceHistory(ctx.db, ctx.actor, input)),
  setTemplate: protectedProcedure
    .input(workspaceSetTemplateInput)
    .mutation(({ ctx, input }) => services.setCourseTemplate(ctx.db, ctx.actor, input)),
});
