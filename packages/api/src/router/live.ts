import * as services from "@codeclass/services";
import {
  liveJoinInput,
  liveMuteInput,
  liveReadmitInput,
  liveRemoveInput,
  liveRenewInput,
  liveScreenShareInput,
  liveStudentMediaInput,
  recordingRef,
  sessionRef,
} from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

export const liveRouter = router({
  join: protectedProcedure.input(liveJoinInput).mutation(({ ctx, input }) => services.live.join(ctx.db, ctx.livekit, ctx.actor, input)),
  renew: protectedProcedure.input(liveRenewInput).mutation(({ ctx, input }) => services.live.renew(ctx.db, ctx.livekit, ctx.actor, input)),
  mute: protectedProcedure.input(liveMuteInput).mutation(({ ctx, input }) => services.live.mute(ctx.db, ctx.livekit, ctx.actor, input)),
  remove: protectedProcedure
    .input(liveRemoveInput)
    .mutation(({ ctx, input }) => services.live.remove(ctx.db, ctx.livekit, ctx.actor, input)),
  /** Lets a student staff removed back into the session. */
  readmit: protectedProcedure.input(liveReadmitInput).mutation(({ ctx, input }) => services.live.readmit(ctx.db, ctx.actor, input)),
  /** The students staff removed from the session (staff only). */
  removed: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.live.removed(ctx.db, ctx.actor, input)),
  setStudentMedia: protectedProcedure
    .input(liveStudentMediaInput)
    .mutation(({ ctx, input }) => services.live.setStudentMedia(ctx.db, ctx.livekit, ctx.actor, input)),
  setScreenShare: protectedProcedure
    .input(liveScreenShareInput)
    .mutation(({ ctx, input }) => services.live.setScreenShare(ctx.db, ctx.livekit, ctx.actor, input)),
  startRecording: protectedProcedure
    .input(sessionRef)
    .mutation(({ ctx, input }) => services.live.startRecording(ctx.db, ctx.livekit, ctx.actor, input)),
  stopRecording: protectedProcedure
    .input(recordingRef)
    .mutation(({ ctx, input }) => services.live.stopRecording(ctx.db, ctx.livekit, ctx.actor, input)),
  recordings: protectedProcedure
    .input(sessionRef)
    .query(({ ctx, input }) => services.live.recordings(ctx.db, ctx.livekit, ctx.actor, input)),
  attendance: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.live.attendance(ctx.db, ctx.actor, input)),
});
