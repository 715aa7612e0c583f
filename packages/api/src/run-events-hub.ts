import { run, runEventsChannel } from "@codeclass/services";
import type { Sql } from "postgres";

/** Wakes subscribers of a run when the worker NOTIFYs new events; one LISTEN per process. */
export type RunEventsHub = run.NotifyHub;

export function createRunEventsHub(sql: Sql): RunEventsHub {
  return run.createNotifyHub((channel, onPayload) => sql.listen(channel, onPayload), runEventsChannel);
}
