export * from "./access.ts";
export * from "./actor.ts";
export { addEnrollment } from "./addEnrollment.ts";
export { archiveCourse } from "./archiveCourse.ts";
export { type AuditEntry, recordAudit } from "./audit.ts";
export type { Course } from "./course-public.ts";
export { createCourse } from "./createCourse.ts";
export * from "./errors.ts";
export { getCourse } from "./getCourse.ts";
export { getDemoWorkspace } from "./getDemoWorkspace.ts";
export { getWorkspace } from "./getWorkspace.ts";
export { listMyCourses } from "./listMyCourses.ts";
export { listRoster } from "./listRoster.ts";
export { openWorkspace } from "./openWorkspace.ts";
export { getProfile, updateProfile } from "./profile.ts";
export { removeEnrollment } from "./removeEnrollment.ts";
export type { RosterEntry } from "./roster.ts";
export {
  cancelRun,
  defaultRunCaps,
  listRuns,
  type RunCaps,
  readRunEvents,
  runEventsChannel,
  runEventsPage,
  runForViewer,
  runInputChannel,
  sendRunInput,
  startRun,
} from "./runs.ts";
export { setCourseTemplate } from "./setCourseTemplate.ts";
export { setEnrollmentRole } from "./setEnrollmentRole.ts";
export { setGlobalRole } from "./setGlobalRole.ts";
export { updateCourse } from "./updateCourse.ts";
export {
  type PublicWorkspace,
  publicWorkspace,
  requireWorkspace,
  type WorkspaceAccess,
  type WorkspaceRow,
  workspaceAccess,
} from "./workspace-access.ts";
export {
  contentOf,
  createWorkspaces,
  loadWorkspaceDoc,
  loadWorkspaceFiles,
  stateFromContent,
  type WorkspaceContent,
} from "./workspace-doc.ts";
export { largeUpdateChars, workspaceHistory } from "./workspaceHistory.ts";
export { type RosterWorkspace, workspaceRoster } from "./workspaceRoster.ts";
