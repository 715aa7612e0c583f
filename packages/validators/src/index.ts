export * from "./course.ts";
export * from "./enrollment.ts";
export * from "./import.ts";
export * from "./issues.ts";
export * from "./limits.ts";
export * from "./profile.ts";
export * from "./run.ts";
export * from "./workspace.ts";
