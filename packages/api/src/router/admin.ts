import * as services from "@codeclass/services";
import {
  adminAuditCsvInput,
  adminAuditInput,
  adminCoursesInput,
  adminDisableInput,
  adminSetRoleInput,
  adminUserRef,
  adminUsersInput,
  apiKeyCreateInput,
  apiKeyRef,
  importDownloadInput,
  importInput,
  importProgressInput,
  importRef,
} from "@codeclass/validators";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { followImport } from "../import-progress.ts";
import { protectedProcedure, router } from "../trpc.ts";

/** better-auth's impersonateUser on the admin's own session; its cookies (and bearer token) go back with the answer. */
async function startImpersonating(ctx: Context, userId: string) {
  if (!ctx.credentials)
    throw new TRPCError({ code: "BAD_REQUEST", message: "impersonation needs the administrator's own signed-in session" });
  const { headers, response } = await ctx.auth.api.impersonateUser({ headers: ctx.credentials, body: { userId }, returnHeaders: true });
  for (const cookie of headers.getSetCookie()) ctx.resHeaders?.append("set-cookie", cookie);
  const token = headers.get("set-auth-token");
  if (token) ctx.resHeaders?.set("set-auth-token", token);
  return { sessionId: response.session.id, expiresAt: new Date(response.session.expiresAt) };
}

/** The caller's own better-auth session (who is behind it when it is an impersonation); null for server-side callers. */
async function callerSession(ctx: Context) {
  if (!ctx.credentials) return null;
  const current = await ctx.auth.api.getSession({ headers: ctx.credentials });
  return current ? { id: current.session.id, impersonatedBy: current.session.impersonatedBy ?? null } : null;
}

/** better-auth's stopImpersonating on the impersonation session; the admin's restored session cookie goes back with the answer. */
async function stopImpersonatingSession(ctx: Context) {
  const { headers, response } = await ctx.auth.api.stopImpersonating({ headers: ctx.credentials!, returnHeaders: true });
  for (const cookie of headers.getSetCookie()) ctx.resHeaders?.append("set-cookie", cookie);
  const token = headers.get("set-auth-token");
  if (token) ctx.resHeaders?.set("set-auth-token", token);
  return { adminId: response.user.id };
}

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
  /** Stores the file as an import and checks it (writes nothing else); answers with its id and the check's report. */
  importUpload: protectedProcedure.input(importInput).mutation(({ ctx, input }) => services.importing.upload(ctx.db, ctx.actor, input)),
  /** Queues the commit of a checked import as a job; follow it with importProgress. */
  importStart: protectedProcedure
    .input(importRef)
    .mutation(({ ctx, input }) => services.importing.start(ctx.db, ctx.actor, input, { publicUrl: ctx.publicUrl })),
  importCancel: protectedProcedure.input(importRef).mutation(({ ctx, input }) => services.importing.cancel(ctx.db, ctx.actor, input)),
  importGet: protectedProcedure.input(importRef).query(({ ctx, input }) => services.importing.get(ctx.db, ctx.actor, input)),
  /** `file`: result (what the commit wrote) or errors (every problem found), as CSV text. */
  importDownload: protectedProcedure
    .input(importDownloadInput)
    .query(({ ctx, input }) => services.importing.download(ctx.db, ctx.actor, input)),
  /** The import's state (tracked by its version) at once and on every change, until it ends; resumes from `lastEventId`. */
  importProgress: protectedProcedure.input(importProgressInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    await services.importing.get(ctx.db, ctx.actor, { importId: input.importId });
    return followImport(ctx, input.importId, Number(input.lastEventId ?? 0), signal);
  }),

  users: protectedProcedure.input(adminUsersInput).query(({ ctx, input }) => services.admin.listUsers(ctx.db, ctx.actor, input)),
  setRole: protectedProcedure.input(adminSetRoleInput).mutation(({ ctx, input }) => services.admin.setRole(ctx.db, ctx.actor, input)),
  disable: protectedProcedure.input(adminDisableInput).mutation(({ ctx, input }) => services.admin.disable(ctx.db, ctx.actor, input)),
  enable: protectedProcedure.input(adminUserRef).mutation(({ ctx, input }) => services.admin.enable(ctx.db, ctx.actor, input)),
  sendResetLink: protectedProcedure.input(adminUserRef).mutation(({ ctx, input }) =>
    services.admin.sendResetLink(ctx.db, ctx.actor, input, {
      requestPasswordReset: async (email) => {
        await ctx.auth.api.requestPasswordReset({ body: { email, redirectTo: "/reset-password" } });
      },
    }),
  ),
  /** Answers with better-auth's cookies: the browser is now signed in as the user (stop with admin.stopImpersonating). */
  impersonate: protectedProcedure
    .input(adminUserRef)
    .mutation(({ ctx, input }) =>
      services.admin.impersonate(ctx.db, ctx.actor, input, { start: (userId) => startImpersonating(ctx, userId) }),
    ),
  /**
   * Called by the impersonation session (any role: the impersonated user's); records the stop and
   * answers with better-auth's cookies, which sign the browser back in as the administrator.
   */
  stopImpersonating: protectedProcedure.mutation(async ({ ctx }) =>
    services.admin.stopImpersonating(ctx.db, ctx.actor, await callerSession(ctx), { stop: () => stopImpersonatingSession(ctx) }),
  ),
  deleteUser: protectedProcedure.input(adminUserRef).mutation(({ ctx, input }) => services.admin.deleteUser(ctx.db, ctx.actor, input)),
  courses: protectedProcedure.input(adminCoursesInput).query(({ ctx, input }) => services.admin.listCourses(ctx.db, ctx.actor, input)),
  audit: protectedProcedure.input(adminAuditInput).query(({ ctx, input }) => services.admin.listAudit(ctx.db, ctx.actor, input)),
  /** Keys of the Judge0-compatible API (never the keys themselves). */
  apiKeys: protectedProcedure.query(({ ctx }) => services.apiKey.list(ctx.db, ctx.actor)),
  /** Makes a key; the answer holds the key itself, shown once (only its hash is kept). */
  createApiKey: protectedProcedure.input(apiKeyCreateInput).mutation(({ ctx, input }) => services.apiKey.create(ctx.db, ctx.actor, input)),
  revokeApiKey: protectedProcedure.input(apiKeyRef).mutation(({ ctx, input }) => services.apiKey.revoke(ctx.db, ctx.actor, input)),
  auditCsv: protectedProcedure.input(adminAuditCsvInput).query(({ ctx, input }) => services.admin.exportAuditCsv(ctx.db, ctx.actor, input)),
});
