import * as services from "@codeclass/services";
import { protectedProcedure, router } from "../trpc.ts";

/** The monitoring page (admins only; the service checks the role). */
export const monitorRouter = router({
  overview: protectedProcedure.query(({ ctx }) => services.monitor.overview(ctx.db, ctx.actor, ctx.monitor)),
});
