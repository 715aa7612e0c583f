import type { Database } from "@codeclass/db";
import type { pollRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { setPollState } from "./set-state.ts";
import type { PollView } from "./view.ts";

/** Staff close a poll: no more answers; results stay hidden from students until revealed. */
export function close(db: Database, actor: Actor, raw: z.input<typeof pollRef>): Promise<PollView> {
  return setPollState(db, actor, raw, "close");
}
