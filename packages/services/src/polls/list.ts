import type { Database } from "@codeclass/db";
import { pollListInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { type PollView, pollViews, sessionPollRows } from "./view.ts";

/** A session's polls, oldest first, as the caller may see them (any member, also after the session ends). */
export async function list(db: Database, actor: Actor, raw: z.input<typeof pollListInput>): Promise<PollView[]> {
  const { sessionId } = pollListInput.parse(raw);
  const { staff } = await requireSession(db, actor, sessionId, "view");
  return pollViews(db, { actor, staff }, await sessionPollRows(db, sessionId));
}
