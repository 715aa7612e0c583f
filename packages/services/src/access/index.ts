export { type CourseAccess, type CourseRow, courseAccess } from "./course-access.ts";
export { enrollmentInEffect } from "./enrollment-in-effect.ts";
export { requireCourse } from "./require-course.ts";
export { requireWorkspace } from "./require-workspace.ts";
export { readSessions, type SessionState, sessionEnd, sessionExpired, sessionGone } from "./signed-in.ts";
export { type WorkspaceAccess, type WorkspaceRow, workspaceAccess } from "./workspace-access.ts";
