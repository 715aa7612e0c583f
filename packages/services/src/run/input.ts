import { type Database, runInputs, runs } from "@codeclass/db";
import { type LanguageId, type Limits, languages, resolveLimits } from "@codeclass/sandbox";
import { runInputInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict } from "../errors.ts";
import { runInputChannel } from "./channels.ts";
import { runForViewer } from "./run-for-viewer.ts";

/** Sends typed input (or EOF) to the program, through the worker that holds it. */
export async function input(db: Database, actor: Actor, raw: z.input<typeof runInputInput>) {
  const sent = runInputInput.parse(raw);
  const run = await runForViewer(db, actor, sent.runId, "control");
  if (run.status === "finished") throw conflict("This run has ended: run the program again to type more input");
  await db.transaction(async (tx) => {
    // One run's inputs commit one at a time, so in the order of their ids: the worker delivers the
    // rows after the last one it read, and a row committed late under a smaller id would be skipped.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`run-input:${sent.runId}`}))`);
    // Stored input is bounded like the program's stdin (initial plus typed): the run's own limit.
    const [[started], [typed]] = await Promise.all([
      tx
        .select({ language: runs.language, limits: runs.limits, bytes: sql<number>`octet_length(${runs.stdin})`.mapWith(Number) })
        .from(runs)
        .where(eq(runs.id, sent.runId)),
      tx
        .select({ bytes: sql<number>`coalesce(sum(octet_length(${runInputs.data})), 0)`.mapWith(Number) })
        .from(runInputs)
        .where(eq(runInputs.runId, sent.runId)),
    ]);
    const limit = stdinLimit(started!.language, started!.limits as Partial<Limits>);
    const used = started!.bytes + (typed?.bytes ?? 0);
    const adding = Buffer.byteLength(sent.data);
    if (used + adding > limit)
      throw conflict(
        `data: this run has received ${used} bytes of input and this adds ${adding}; the limit is ${limit} bytes (run the program again to start over)`,
        "data",
      );
    await tx.insert(runInputs).values({ runId: sent.runId, data: sent.data, eof: sent.eof });
    await tx.execute(sql`select pg_notify(${runInputChannel}, ${sent.runId})`);
  });
  return { ok: true as const };
}

/** The run's stdin limit, as the sandbox will apply it (defaults, the language's, the request's). */
function stdinLimit(language: string, requested: Partial<Limits>): number {
  const adjust = Object.hasOwn(languages, language) ? languages[language as LanguageId].adjust : undefined;
  try {
    return resolveLimits(requested, adjust).stdinBytes;
  } catch {
    return resolveLimits(undefined, adjust).stdinBytes;
  }
}
