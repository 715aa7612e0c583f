import { createHash, randomUUID } from "node:crypto";
import { type Database, runEvents, runs } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { type LanguageId, type Limits, languages, resolveLimits, SandboxInputError, validateRun } from "@codeclass/sandbox";
import { type RunStartInput, runStartInput } from "@codeclass/validators";
import { and, eq, or, sql } from "drizzle-orm";
import { ZodError } from "zod";
import { requireCourse, requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { badRequest, busy, forbidden } from "../errors.ts";
import { loadWorkspaceFiles } from "../workspace/index.ts";
import { waitingRuns } from "./active.ts";
import { defaultRunCaps, queueFull, type RunCaps } from "./caps.ts";
import { runStartsChannel } from "./channels.ts";

/**
 * Checks access, validates the program, applies the caps, and inserts the run with its
 * first event and its job in one transaction (so a run is never lost between the two).
 */
export async function start(
  db: Database,
  actor: Actor,
  raw: RunStartInput,
  caps: RunCaps = defaultRunCaps,
  /** `interactive: false`: stdin closes after the given text (a batch run, such as the Judge0 API's); default true. */
  options: { interactive?: boolean } = {},
): Promise<{ runId: string }> {
  const input = runStartInput.parse(raw);
  let files = input.files ?? [];
  let language: string | undefined = input.language;
  let entry = input.entry;
  if (input.workspaceId) {
    // Whoever may write the workspace may run it; the files are the stored document's (every acknowledged edit).
    const a = await requireWorkspace(db, actor, input.workspaceId, "write");
    if (a.workspace.courseId !== input.courseId) throw badRequest("that workspace belongs to another course", "workspaceId");
    const content = await loadWorkspaceFiles(db, input.workspaceId);
    files = content.files;
    language ??= content.language ?? undefined;
    entry ??= content.entry ?? undefined;
    if (!language) throw badRequest("the workspace has no language set; choose one", "language");
  }
  if (!language || !Object.hasOwn(languages, language)) throw badRequest(`must be one of ${Object.keys(languages).join(", ")}`, "language");
  let limits: Limits;
  try {
    limits = resolveLimits(input.limits, languages[language as LanguageId].adjust);
  } catch (e) {
    if (e instanceof ZodError) throw badRequest(e.issues.map((i) => i.message).join("; "), "limits");
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
  /** The caller's runs that hold a worker or will: running, or queued and not stopped. */
  const mineActive = or(eq(runs.status, "running"), waitingRuns);
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
          mine: sql<number>`count(*) filter (where ${and(eq(runs.userId, actor.id), mineActive)})`.mapWith(Number),
          queued: sql<number>`count(*) filter (where ${waitingRuns})`.mapWith(Number),
        })
        .from(runs)
        .where(sql`(${and(eq(runs.userId, actor.id), mineActive)}) or ${waitingRuns}`),
    ]);
    // Workspace runs were checked above (an archived course's workspaces are read-only); scratch runs too.
    if (access.course.archivedAt) throw forbidden("This course is archived: programs can no longer be run in it");
    const mine = load?.mine ?? 0;
    const queued = load?.queued ?? 0;
    if (mine >= caps.perUser) throw busy(`busy: you already have ${mine} programs running; stop one or try again in a few seconds`);
    if (queued >= caps.maxQueued) throw queueFull(queued);
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
        interactive: options.interactive ?? true,
      }),
      tx.insert(runEvents).values({ runId, seq: 1, type: "status", data: { type: "status", status: "queued" } }),
      addJob(tx, "run_code", { runId }, { maxAttempts: 1 }),
      // Everyone watching the workspace (run.watchWorkspace) learns of the run at commit.
      input.workspaceId ? tx.execute(sql`select pg_notify(${runStartsChannel}, ${input.workspaceId})`) : null,
    ]);
    return { runId };
  });
}
