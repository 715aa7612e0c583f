import type { DbOrTx } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { publicSession } from "./public-session.ts";
import { requireSession } from "./require-session.ts";

/** One session for a member of its course, with the caller's standing and whether video is set up here. */
export async function get(db: DbOrTx, actor: Actor, raw: z.input<typeof sessionRef>, videoConfigured: boolean) {
  const { sessionId } = sessionRef.parse(raw);
  const { session, access, staff } = await requireSession(db, actor, sessionId, "view");
  return {
    ...publicSession(session, staff),
    course: { id: access.course.id, code: access.course.code, title: access.course.title },
    staff,
    myRole: access.myRole,
    videoConfigured,
  };
}
