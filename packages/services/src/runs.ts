import { createHash, randomUUID } from "node:crypto";
import { type Database, type DbOrTx, runEvents, runInputs, runs, user } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { type LanguageId, type Limits, languages, resolveLimits, SandboxInputError, validateRun } from "@codeclass/sandbox";
import { type RunStartInput, runInputInput, runListInput, runRef, runStartInput } from "@codeclass/validators";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { ZodError, type z } from "zod";
import { requireCourse } from "./access.ts";
import type { Actor } from "./actor.ts";
import { badRequest, busy, conflict, forbidden, notFound } from "./errors.ts";
import { requireWorkspace } from "./workspace-access.ts";
import { loadWorkspaceFiles } from "./workspace-doc.ts";

/** Caps that keep the queue bounded. */
export interface RunCaps {
  /** Runs one user may have queued or running at once. */
  perUser: number;
  /** Runs queued (not yet started) across the platform. */
  maxQueued: number;
}
export const defaultRunCaps: RunCaps = { perUser: 2, maxQueued: 200 };

/** Channel names for LISTEN/NOTIFY; the payload is the run id. */
export const runEventsChannel = "codeclass_run_events";
export const runInputChannel = "codeclass_run_input";

const active = inArray(runs.status, ["queued", "running"]);

/**
 * Checks access, validates the program, applies the caps, and inserts the run with its
 * first event and its job in one transaction (so a run is never lost between the two).
 */
export async function startRun(db: Database, actor: Actor, raw: RunStartInput, caps: RunCaps = defaultRunCaps): Promise<{ runId: string }> {
  const input = runStartInput.parse(raw);
  let files = input.files ?? [];
  let language: string | undefined = input.language;
  let entry = input.entry;
  if (input.workspaceId) {
    // Whoever may write the workspace may run it; the files are the stored document's (every acknowledged edit).
    const a = await requireWorkspace(db, actor, input.workspaceId, "write");
    if (a.workspace.courseId !== input.courseId) throw badRequest("workspaceId: that workspace belongs to another course", "workspaceId");
    const content = await loadWorkspaceFiles(db, input.workspaceId);
    files = content.files;
    language ??= content.language ?? undefined;
    entry ??= content.entry ?? undefined;
    if (!language) throw badRequest("language: the workspace has no language set; choose one", "language");
  }
  if (!language || !Object.hasOwn(languages, language))
    throw badRequest(`language must be one of ${Object.keys(languages).join(", ")}`, "language");
  let limits: Limits;
  try {
    limits = resolveLimits(input.limits, languages[language as LanguageId].adjust);
  } catch (e) {
    if (e instanceof ZodError) throw badRequest(`limits: ${e.issues.map((i) => i.message).join("; ")}`, "limits");
    throw e;
  }
  try {
    validateRun(language, files, limits, entry);
  } catch (e) {
    if (e instanceof SandboxInputError) throw badRequest(e.message, e.field);
    throw e;
  }
  const filesHash = createHash("sha256")
    .update(JSON.stringify(files.map((f) => [f.path, f.content])))
    .digest("hex");
  const runId = randomUUID();
  // Statements of each step are sent together (postgres.js pipelines them on the transaction's
  // connection, and Postgres runs them in order): two round trips instead of eight, which is a
  // visible part of a short program's time to its output.
  return db.transaction(async (tx) => {
    const [, access, , [load]] = await Promise.all([
      // A run's rows need not wait for the disk: if Postgres itself crashes in the next
      // fraction of a second the run is gone, and its owner runs it again (an application
      // crash loses nothing). Waiting for the WAL flush would add milliseconds to every run.
      tx.execute(sql`set local synchronous_commit = off`),
      requireCourse(tx, actor, input.courseId, "view"),
      // One user's concurrent starts are serialized, so the cap cannot be raced.
      tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`runs:${actor.id}`}))`),
      tx
        .select({
          mine: sql<number>`count(*) filter (where ${and(eq(runs.userId, actor.id), active)})`.mapWith(Number),
          queued: sql<number>`count(*) filter (where ${runs.status} = 'queued')`.mapWith(Number),
        })
        .from(runs)
        .where(sql`(${and(eq(runs.userId, actor.id), active)}) or ${runs.status} = 'queued'`),
    ]);
    // Workspace runs were checked above (an archived course's workspaces are read-only); scratch runs too.
    if (access.course.archivedAt) throw forbidden("This course is archived: programs can no longer be run in it");
    const mine = load?.mine ?? 0;
    const queued = load?.queued ?? 0;
    if (mine >= caps.perUser) throw busy(`busy: you already have ${mine} programs running; stop one or try again in a few seconds`);
    if (queued >= caps.maxQueued)
      throw busy(`busy: ${queued} programs are waiting to run; try again in ${Math.max(5, Math.ceil(queued / 4))} s`);
    await Promise.all([
      tx.insert(runs).values({
        id: runId,
        userId: actor.id,
        courseId: input.courseId,
        workspaceId: input.workspaceId ?? null,
        language,
        files,
        filesHash,
        stdin: input.stdin ?? "",
        args: input.args ?? [],
        limits: input.limits ?? {},
      }),
      tx.insert(runEvents).values({ runId, seq: 1, type: "status", data: { type: "status", status: "queued" } }),
      addJob(tx, "run_code", { runId }, { maxAttempts: 1 }),
    ]);
    return { runId };
  });
}

/** The run, if the actor may watch it: its owner, and the course's staff (and admins). */
export async function runForViewer(db: DbOrTx, actor: Actor, runId: string) {
  const [run] = await db
    .select({ id: runs.id, userId: runs.userId, courseId: runs.courseId, status: runs.status })
    .from(runs)
    .where(eq(runs.id, runId));
  if (!run) throw notFound(`No run has id ${runId}`, "runId");
  if (run.userId !== actor.id) {
    const access = await requireCourse(db, actor, run.courseId, "view");
    if (!access.canSeeRoster) throw forbidden("Only the run's owner and the course's staff can see this run");
  }
  return run;
}

/** How many events readRunEvents returns at most. */
export const runEventsPage = 500;

/** Events after `afterSeq`, in order. */
export function readRunEvents(db: DbOrTx, runId: string, afterSeq: number, limit = runEventsPage) {
  return db
    .select({ seq: runEvents.seq, data: runEvents.data })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(runEvents.seq)
    .limit(limit);
}

/** Sends typed input (or EOF) to the program, through the worker that holds it. */
export async function sendRunInput(db: Database, actor: Actor, raw: z.input<typeof runInputInput>) {
  const input = runInputInput.parse(raw);
  const run = await runForViewer(db, actor, input.runId);
  if (run.status === "finished") throw conflict("This run has ended: run the program again to type more input");
  await db.transaction(async (tx) => {
    // One run's inputs commit one at a time, so in the order of their ids: the worker delivers the
    // rows after the last one it read, and a row committed late under a smaller id would be skipped.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`run-input:${input.runId}`}))`);
    // Stored input is bounded like the program's stdin (initial plus typed): the run's own limit.
    const [[started], [typed]] = await Promise.all([
      tx
        .select({ language: runs.language, limits: runs.limits, bytes: sql<number>`octet_length(${runs.stdin})`.mapWith(Number) })
        .from(runs)
        .where(eq(runs.id, input.runId)),
      tx
        .select({ bytes: sql<number>`coalesce(sum(octet_length(${runInputs.data})), 0)`.mapWith(Number) })
        .from(runInputs)
        .where(eq(runInputs.runId, input.runId)),
    ]);
    const limit = stdinLimit(started!.language, started!.limits as Partial<Limits>);
    const used = started!.bytes + (typed?.bytes ?? 0);
    const adding = Buffer.byteLength(input.data);
    if (used + adding > limit)
      throw conflict(
        `data: this run has received ${used} bytes of input and this adds ${adding}; the limit is ${limit} bytes (run the program again to start over)`,
        "data",
      );
    await tx.insert(runInputs).values({ runId: input.runId, data: input.data, eof: input.eof });
    await tx.execute(sql`select pg_notify(${runInputChannel}, ${input.runId})`);
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

/** Asks the worker to stop the program (idempotent; a finished run stays as it is). */
export async function cancelRun(db: Database, actor: Actor, raw: z.input<typeof runRef>) {
  const { runId } = runRef.parse(raw);
  await runForViewer(db, actor, runId);
  await db.transaction(async (tx) => {
    await tx
      .update(runs)
      .set({ cancelRequested: true })
      .where(and(eq(runs.id, runId), active));
    await tx.execute(sql`select pg_notify(${runInputChannel}, ${runId})`);
  });
  return { ok: true as const };
}

/** Recent runs in a course: the caller's own, or (`everyone`, staff only) everyone's. */
export async function listRuns(db: DbOrTx, actor: Actor, raw: z.input<typeof runListInput>) {
  const input = runListInput.parse(raw);
  const access = await requireCourse(db, actor, input.courseId, "view");
  if (input.everyone && !access.canSeeRoster) throw forbidden("Only the course's staff can see everyone's runs");
  return db
    .select({
      id: runs.id,
      userId: runs.userId,
      userName: user.name,
      language: runs.language,
      status: runs.status,
      verdict: runs.verdict,
      message: runs.message,
      filesHash: runs.filesHash,
      cpuMs: runs.cpuMs,
      wallMs: runs.wallMs,
      memoryKb: runs.memoryKb,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
    })
    .from(runs)
    .innerJoin(user, eq(user.id, runs.userId))
    .where(and(eq(runs.courseId, input.courseId), input.everyone ? undefined : eq(runs.userId, actor.id)))
    .orderBy(desc(runs.createdAt))
    .limit(input.limit);
}
