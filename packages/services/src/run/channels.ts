/** Channel names for LISTEN/NOTIFY; the payload is the run id. */
export const runEventsChannel = "codeclass_run_events";
export const runInputChannel = "codeclass_run_input";
/** A run was queued in a workspace; the payload is the workspace id (run.watchWorkspace). */
export const runStartsChannel = "codeclass_run_starts";
