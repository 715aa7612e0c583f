import { type Database, runs } from "@codeclass/db";
import { runRef } from "@codeclass/validators";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { activeRuns } from "./active.ts";
import { runInputChannel } from "./channels.ts";
import { runForViewer } from "./run-for-viewer.ts";

/** Asks the worker to stop the program (idempotent; a finished run stays as it is). */
export async function cancel(db: Database, actor: Actor, raw: z.input<typeof runRef>) {
  const { runId } = runRef.parse(raw);
  await runForViewer(db, actor, runId, "control");
  await db.transaction(async (tx) => {
    await tx
      .update(runs)
      .set({ cancelRequested: true })
      .where(and(eq(runs.id, runId), activeRuns));
    await tx.execute(sql`select pg_notify(${runInputChannel}, ${runId})`);
  });
  return { ok: true as const };
}
