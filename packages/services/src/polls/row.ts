import type { sessionPolls } from "@codeclass/db";
import type { Actor } from "../actor.ts";

/** A poll as stored (the `session_polls` row). */
export type PollRow = typeof sessionPolls.$inferSelect;

/** Who is looking at polls: staff see names and results before they are revealed. */
export interface PollViewer {
  actor: Actor;
  staff: boolean;
}
