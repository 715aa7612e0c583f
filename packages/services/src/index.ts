// A domain folder is a namespace of verbs named after their procedures: `workspace.setTemplate` is
// `setTemplate` in workspace/set-template.ts. The errors, the actor, the audit log, the access rules
// and the building blocks other front doors use (collab, the worker, the CLI) keep their own names.
export * from "./access/index.ts";
export * as activity from "./activity/index.ts";
export * from "./actor.ts";
export * as admin from "./admin/index.ts";
export * as apiKey from "./api-key/index.ts";
export * as assignment from "./assignment/index.ts";
export { type AuditEntry, actingAs, recordAudit } from "./audit.ts";
export * as backup from "./backup/index.ts";
export * as breakouts from "./breakouts/index.ts";
export * as chat from "./chat/index.ts";
export type { Course } from "./course/index.ts";
export * as course from "./course/index.ts";
export { csvCell, toCsv } from "./csv.ts";
export * as dashboard from "./dashboard/index.ts";
export type { RosterEntry } from "./enrollment/index.ts";
export * as enrollment from "./enrollment/index.ts";
export * from "./errors.ts";
export * as floor from "./floor/index.ts";
export * as grading from "./grading/index.ts";
export * as hands from "./hands/index.ts";
export * as importing from "./import/index.ts";
export * as invite from "./invite/index.ts";
export * as judge0 from "./judge0/index.ts";
export * as live from "./live/index.ts";
export * as monitor from "./monitor/index.ts";
export * as officeHours from "./office-hours/index.ts";
export * as pollBank from "./poll-bank/index.ts";
export * as pollCode from "./poll-code/index.ts";
export * as polls from "./polls/index.ts";
export * as profile from "./profile/index.ts";
export { setGlobalRole } from "./profile/index.ts";
export * as reactions from "./reactions/index.ts";
export * as run from "./run/index.ts";
export {
  defaultRunCaps,
  type RunCaps,
  readRunEvents,
  runEventsChannel,
  runEventsPage,
  runForViewer,
  runInputChannel,
} from "./run/index.ts";
export * as session from "./session/index.ts";
export * as similarity from "./similarity/index.ts";
export * from "./storage/index.ts";
export * as whiteboard from "./whiteboard/index.ts";
export { type WhiteboardAccess, whiteboardAccess } from "./whiteboard/index.ts";
export * as workspace from "./workspace/index.ts";
export {
  createWorkspaces,
  largeUpdateChars,
  loadWorkspaceDoc,
  loadWorkspaceFiles,
  type PublicWorkspace,
  publicWorkspace,
  type RosterWorkspace,
  type ServerEditSource,
  type WorkspaceEditor,
} from "./workspace/index.ts";
