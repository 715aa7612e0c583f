export * from "./audit.ts";
export * from "./auth.ts";
export * from "./courses.ts";
export * from "./imports.ts";
export * from "./invites.ts";
export * from "./runs.ts";
export * from "./sessions.ts";
export * from "./workspaces.ts";
