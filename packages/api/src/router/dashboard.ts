import { setTimeout as sleep } from "node:timers/promises";
import * as services from "@codeclass/services";
import { sessionRef, speakersReportInput } from "@codeclass/validators";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** The session's participation (re-exported for the web app's types). */
export type SessionParticipation = services.dashboard.SessionParticipation;

/** How often the dashboard stream re-reads the aggregate (the issue asks for updates within 1 s). */
export const dashboardTickMs = 1000;

/** The participation dashboard of a session, for its staff. */
export const dashboardRouter = router({
  get: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.dashboard.participation(ctx.db, ctx.actor, input)),
  /**
   * The dashboard, re-read every second (one aggregate query; see `pnpm bench:dashboard`). Each
   * read checks the caller is still the course's staff, so a revoked TA stops getting it.
   */
  follow: protectedProcedure.input(sessionRef).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "staff");
    return (async function* () {
      while (!signal?.aborted) {
        const started = Date.now();
        yield await streamStep(services.dashboard.participation(ctx.db, ctx.actor, input));
        await sleep(Math.max(0, dashboardTickMs - (Date.now() - started)), undefined, { signal }).catch(() => {});
      }
    })();
  }),
  /** The session's participation as CSV text, with a file name to save it under. */
  csv: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.dashboard.exportCsv(ctx.db, ctx.actor, input)),
  /** A staff client's LiveKit room reports its active speakers (talk time; see services/dashboard/report-speakers.ts). */
  reportSpeakers: protectedProcedure
    .input(speakersReportInput)
    .mutation(({ ctx, input }) => services.dashboard.reportSpeakers(ctx.db, ctx.actor, input)),
});
