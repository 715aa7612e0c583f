export { createWorkspaces } from "./create-workspaces.ts";
export { get } from "./get.ts";
export { getOrCreate } from "./get-or-create.ts";
export { getOrCreateDemo } from "./get-or-create-demo.ts";
export { history, largeUpdateChars } from "./history.ts";
export { loadWorkspaceDoc, loadWorkspaceFiles } from "./load-workspace-doc.ts";
export { type PublicWorkspace, publicWorkspace } from "./public-workspace.ts";
export { isFailingVerdict, type RecentRuns, type RosterWorkspace, recentRunsOf, recentRunsWindow, roster } from "./roster.ts";
export { setTemplate } from "./set-template.ts";
