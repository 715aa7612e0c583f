export { cancel } from "./cancel.ts";
export { defaultRunCaps, type RunCaps } from "./caps.ts";
export { runEventsChannel, runInputChannel } from "./channels.ts";
export type { RunEndResult, RunStreamEvent } from "./events.ts";
export { input } from "./input.ts";
export { listMine } from "./list-mine.ts";
export { readRunEvents, runEventsPage } from "./read-run-events.ts";
export { runForViewer } from "./run-for-viewer.ts";
export { start } from "./start.ts";
