export { type CourseAccess, type CourseRow, courseAccess } from "./course-access.ts";
export { enrollmentInEffect } from "./enrollment-in-effect.ts";
export { requireCourse } from "./require-course.ts";
export { requireWorkspace } from "./require-workspace.ts";
export { type WorkspaceAccess, type WorkspaceRow, workspaceAccess } from "./workspace-access.ts";
