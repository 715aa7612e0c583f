/** Channel names for LISTEN/NOTIFY; the payload is the run id. */
export const runEventsChannel = "codeclass_run_events";
export const runInputChannel = "codeclass_run_input";
