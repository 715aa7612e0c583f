import { busy } from "../errors.ts";

/** Caps that keep the queue bounded. */
export interface RunCaps {
  /** Runs one user may have queued or running at once. */
  perUser: number;
  /** Runs queued (not yet started) across the platform. */
  maxQueued: number;
}
export const defaultRunCaps: RunCaps = { perUser: 2, maxQueued: 200 };

/** The refusal when `waiting` runs fill the queue: how many, and when to try again. */
export const queueFull = (waiting: number) =>
  busy(`busy: ${waiting} programs are waiting to run; try again in ${Math.max(5, Math.ceil(waiting / 4))} s`);
