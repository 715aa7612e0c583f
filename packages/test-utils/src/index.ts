export { testAuthSecret } from "./auth-secret.ts";
export { type Caller, callerFor, testAuth } from "./caller.ts";
export { cloneTemplate, type TestDatabase, useTestDatabase } from "./database.ts";
export { eventually } from "./eventually.ts";
export { type CourseRow, enroll, makeCourse, makeSession, makeUser, signSessionToken, type UserRow } from "./factories.ts";
export { freePort } from "./global-setup.ts";
export { type LiveKitStandIn, type StandInCall, type StandInParticipant, startLiveKitStandIn } from "./livekit-standin.ts";
export { startRedis } from "./redis.ts";
export { appendToWorkspaceFile, editWorkspace } from "./workspace-edit.ts";
