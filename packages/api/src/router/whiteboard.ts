import * as services from "@codeclass/services";
import { whiteboardStudentsInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const whiteboardRouter = router({
  setStudents: protectedProcedure
    .input(whiteboardStudentsInput)
    .mutation(({ ctx, input }) => services.whiteboard.setStudents(ctx.db, ctx.actor, input)),
});
