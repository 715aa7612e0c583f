import { activityRouter } from "./router/activity.ts";
import { adminRouter } from "./router/admin.ts";
import { assignmentRouter } from "./router/assignment.ts";
import { breakoutsRouter } from "./router/breakouts.ts";
import { chatRouter } from "./router/chat.ts";
import { courseRouter } from "./router/course.ts";
import { dashboardRouter } from "./router/dashboard.ts";
import { enrollmentRouter } from "./router/enrollment.ts";
import { handsRouter } from "./router/hands.ts";
import { inviteRouter } from "./router/invite.ts";
import { liveRouter } from "./router/live.ts";
import { meRouter } from "./router/me.ts";
import { monitorRouter } from "./router/monitor.ts";
import { officeHoursRouter } from "./router/office-hours.ts";
import { pollBankRouter } from "./router/poll-bank.ts";
import { pollCodeRouter } from "./router/poll-code.ts";
import { pollsRouter } from "./router/polls.ts";
import { reactionsRouter } from "./router/reactions.ts";
import { runRouter } from "./router/run.ts";
import { sessionRouter } from "./router/session.ts";
import { systemRouter } from "./router/system.ts";
import { whiteboardRouter } from "./router/whiteboard.ts";
import { workspaceRouter } from "./router/workspace.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  activity: activityRouter,
  admin: adminRouter,
  assignment: assignmentRouter,
  breakouts: breakoutsRouter,
  chat: chatRouter,
  course: courseRouter,
  dashboard: dashboardRouter,
  enrollment: enrollmentRouter,
  hands: handsRouter,
  invite: inviteRouter,
  live: liveRouter,
  me: meRouter,
  monitor: monitorRouter,
  pollBank: pollBankRouter,
  pollCode: pollCodeRouter,
  officeHours: officeHoursRouter,
  polls: pollsRouter,
  reactions: reactionsRouter,
  run: runRouter,
  session: sessionRouter,
  system: systemRouter,
  whiteboard: whiteboardRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
