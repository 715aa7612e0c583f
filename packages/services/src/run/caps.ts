/** Caps that keep the queue bounded. */
export interface RunCaps {
  /** Runs one user may have queued or running at once. */
  perUser: number;
  /** Runs queued (not yet started) across the platform. */
  maxQueued: number;
}
export const defaultRunCaps: RunCaps = { perUser: 2, maxQueued: 200 };
