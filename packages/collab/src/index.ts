/**
 * The collaboration server: Hocuspocus with better-auth sessions, the workspace access rules,
 * and Postgres persistence (docs/collab.md). The document's shape and edit helpers are
 * `@codeclass/workspace-doc`, which the browser imports instead of this package.
 */
export { type CollabContext, type CollabServer, type CollabServerOptions, createCollabServer } from "./server.ts";
export { CollabRefusal, checkUpdate, updateOfMessage } from "./updates.ts";
export * from "./validate.ts";
