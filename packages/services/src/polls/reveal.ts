import type { Database } from "@codeclass/db";
import type { pollRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { setPollState } from "./set-state.ts";
import type { PollView } from "./view.ts";

/** Staff show everyone a poll's results and correct options; the poll closes if still open. */
export function reveal(db: Database, actor: Actor, raw: z.input<typeof pollRef>): Promise<PollView> {
  return setPollState(db, actor, raw, "reveal");
}
