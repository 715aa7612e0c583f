import * as services from "@codeclass/services";
import {
  courseRef,
  inviteEmailsInput,
  inviteImportInput,
  joinPreviewInput,
  joinRegenerateInput,
  joinSettingsInput,
  joinWithCodeInput,
  joinWithLinkInput,
} from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/**
 * Getting a class in without an admin: a course's join code and invitation link (staff see them,
 * instructors change them), joining with either (any signed-in user), pasted email lists and the
 * roster CSV import for the course's own instructors. The services check every role.
 */
export const inviteRouter = router({
  settings: protectedProcedure
    .input(courseRef)
    .query(({ ctx, input }) => services.invite.settings(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
  update: protectedProcedure
    .input(joinSettingsInput)
    .mutation(({ ctx, input }) => services.invite.update(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
  regenerate: protectedProcedure
    .input(joinRegenerateInput)
    .mutation(({ ctx, input }) => services.invite.regenerate(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
  // A query that counts wrong codes like joining does: signed in only, so every guess has an owner to throttle.
  preview: protectedProcedure.input(joinPreviewInput).query(({ ctx, input }) => services.invite.preview(ctx.db, ctx.actor, input)),
  joinWithCode: protectedProcedure
    .input(joinWithCodeInput)
    .mutation(({ ctx, input }) => services.invite.joinWithCode(ctx.db, ctx.actor, input)),
  joinWithLink: protectedProcedure
    .input(joinWithLinkInput)
    .mutation(({ ctx, input }) => services.invite.joinWithLink(ctx.db, ctx.actor, input)),
  emails: protectedProcedure
    .input(inviteEmailsInput)
    .mutation(({ ctx, input }) => services.invite.emails(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
  // The CSV is the body (mutations, like admin.importPreview/Commit).
  importPreview: protectedProcedure
    .input(inviteImportInput)
    .mutation(({ ctx, input }) => services.invite.importPreview(ctx.db, ctx.actor, input)),
  importCommit: protectedProcedure
    .input(inviteImportInput)
    .mutation(({ ctx, input }) => services.invite.importCommit(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
});
