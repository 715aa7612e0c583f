/**
 * The collaboration server: Hocuspocus with better-auth sessions, the workspace access rules,
 * and Postgres persistence (docs/collab.md). Browser code imports `@codeclass/collab/doc` only.
 */
export * from "./doc.ts";
export { type CollabContext, type CollabServer, type CollabServerOptions, createCollabServer } from "./server.ts";
export { CollabRefusal, checkUpdate, updateOfMessage } from "./updates.ts";
export * from "./validate.ts";
