import type { Database } from "@codeclass/db";
import { assignment, run, runEventsChannel } from "@codeclass/services";

/**
 * What wakes the run subscriptions, one of each per process: the worker's NOTIFY of new events
 * (keyed by run id; the hub itself), run starts in a workspace (`starts`, keyed by workspace id)
 * and the queue's positions (`queue`, one read a second while anyone waits).
 */
export type RunEventsHub = run.NotifyHub & {
  starts: run.NotifyHub;
  queue: run.QueueWatch;
  /** A submission's grading progressed (a test's result, or the end), keyed by submission id. */
  graded: run.NotifyHub;
};

export function createRunEventsHub(db: Database): RunEventsHub {
  const listen: run.Listen = (channel, onPayload) => db.$client.listen(channel, onPayload);
  const events = run.createNotifyHub(listen, runEventsChannel);
  const starts = run.createNotifyHub(listen, run.runStartsChannel);
  const queue = run.createQueueWatch(db);
  const graded = run.createNotifyHub(listen, assignment.submissionGradedChannel);
  return {
    ...events,
    ready: Promise.all([events.ready, starts.ready, graded.ready]),
    starts,
    queue,
    graded,
    async close() {
      queue.close();
      await Promise.all([events.close(), starts.close(), graded.close()]);
    },
  };
}
