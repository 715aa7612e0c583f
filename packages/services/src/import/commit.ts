import { randomBytes, randomUUID } from "node:crypto";
import { courses, type Database, type DbOrTx, type Tx, verification } from "@codeclass/db";
import type { TaskPayload } from "@codeclass/jobs";
import { type ImportInput, importInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { parseImportCsv } from "./parse.ts";
import { type ImportPlan, type ImportScope, planImport } from "./plan.ts";
import { type ImportOutcome, type ImportReport, report, requireImporter } from "./report.ts";

/** How long a new account's set-password link works. */
export const setPasswordLinkDays = 7;

/** Records written between two progress reports of a commit that reports progress. */
export const progressBatch = 500;

export interface CommitOptions {
  /** The platform's public URL, for the set-password links mailed to new accounts. */
  publicUrl: string;
  /** An instructor's import into their own course (see ImportScope); the caller has checked they manage it. Admins: none. */
  scope?: ImportScope;
  /**
   * Called once the plan is known (0 of total) and after each batch of `progressBatch` records
   * written, awaited, while the transaction is open: report through another connection (the
   * transaction's writes are invisible until it ends). Throwing rolls the whole commit back.
   * Without it the records are written in one statement per table (the fastest).
   */
  onProgress?: (done: number, total: number) => Promise<void>;
  /** The stored import this commit carries out (names the audit entry); else a new id. */
  importId?: string;
  /** Runs last in the commit's transaction, after a clean plan was written; throwing rolls it back. */
  finish?: (tx: Tx, plan: ImportPlan, result: ImportReport) => Promise<void>;
}

/** How many records a commit of this plan writes (what its progress counts). */
export function recordsToWrite(plan: ImportPlan): number {
  const changed = (items: { change: string }[]) => items.filter((i) => i.change !== "unchanged").length;
  return changed(plan.courses) + changed(plan.users) + changed(plan.enrollments);
}

/** Writes `items` a batch at a time, reporting after each (or all at once when nobody follows the progress). */
type Batches = <T>(items: T[], write: (batch: T[]) => Promise<void>) => Promise<void>;

function batchWriter(options: CommitOptions, total: number): Batches {
  let done = 0;
  const report = options.onProgress;
  return async (items, write) => {
    if (!items.length) return;
    if (!report) return write(items);
    for (let i = 0; i < items.length; i += progressBatch) {
      const batch = items.slice(i, i + progressBatch);
      await write(batch);
      done += batch.length;
      await report(done, total);
    }
  };
}

/**
 * Writes the file in one transaction, or nothing: any bad row (the last one too) and the commit
 * writes no row at all and answers with the problems. Importing the same file again changes
 * nothing (rows are matched by email and course code). New accounts get a set-password link by
 * mail (their address counts as verified once they use it); existing accounts are not touched
 * beyond what the file changes (name and role in a users file, enrollments), and get no mail.
 */
export async function commit(db: Database, actor: Actor | null, raw: ImportInput, options: CommitOptions): Promise<ImportOutcome> {
  if (!options.scope) requireImporter(actor);
  const input = importInput.parse(raw);
  const parsed = parseImportCsv(input.csv, input.kind);
  return db.transaction(async (tx) => {
    // One import at a time: two concurrent ones would plan against the same rows.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('codeclass:import'))`);
    const plan = await planImport(tx, parsed, options.scope);
    const result = report(plan, parsed.ignoredHeaders);
    if (plan.problems.length > 0) return { committed: false as const, ...result };
    const importId = options.importId ?? randomUUID();
    const total = recordsToWrite(plan);
    await options.onProgress?.(0, total);
    const batches = batchWriter(options, total);
    await writeCourses(tx, plan, actor, batches);
    const created = await writeUsers(tx, plan, options, batches);
    await writeEnrollments(tx, plan, created, batches);
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "import.commit",
      targetType: "import",
      targetId: importId,
      courseId: options.scope?.courseId ?? null,
      data: {
        kind: plan.kind,
        rows: plan.rows,
        users: result.summary.users,
        courses: result.summary.courses,
        enrollments: result.summary.enrollments,
      },
    });
    await options.finish?.(tx, plan, result);
    return { committed: true as const, importId, ...result };
  });
}

async function writeCourses(tx: DbOrTx, plan: ImportPlan, actor: Actor | null, batches: Batches) {
  await batches(
    plan.courses.filter((c) => c.change === "new"),
    async (fresh) => {
      await tx
        .insert(courses)
        .values(
          fresh.map((c) => ({ code: c.code, title: c.title, term: c.term, description: c.description, createdBy: actor?.id ?? null })),
        );
    },
  );
  await batches(
    plan.courses.filter((c) => c.change === "updated"),
    async (changed) => {
      for (const c of changed)
        await tx
          .update(courses)
          .set({ title: c.title, term: c.term, description: c.description, updatedAt: new Date() })
          .where(eq(courses.id, c.id!));
    },
  );
}

/** Inserts new accounts and updates changed ones; returns email → id of the new ones. */
async function writeUsers(tx: DbOrTx, plan: ImportPlan, options: CommitOptions, batches: Batches): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  const all = plan.users.filter((u) => u.change === "new");
  for (const u of all) created.set(u.email, randomUUID());
  await batches(all, async (fresh) => {
    const ids = fresh.map((u) => created.get(u.email)!);
    // unnest: one statement however many rows (a multi-row VALUES would hit Postgres's 65,535 parameters).
    await tx.execute(sql`
      insert into "user" (id, email, name, role, email_verified)
      select * , false from unnest(${sql.param(ids)}::text[], ${sql.param(fresh.map((u) => u.email))}::text[], ${sql.param(fresh.map((u) => u.name))}::text[], ${sql.param(fresh.map((u) => u.role))}::text[])`);
    const tokens = fresh.map(() => randomBytes(18).toString("base64url"));
    const expiresAt = new Date(Date.now() + setPasswordLinkDays * 24 * 3600 * 1000);
    // better-auth's reset-password verification rows: following the link sets the password (and verifies the address).
    await tx.execute(sql`
      insert into ${verification} (id, identifier, value, expires_at)
      select gen_random_uuid()::text, 'reset-password:' || t, u, ${expiresAt.toISOString()}::timestamptz
      from unnest(${sql.param(tokens)}::text[], ${sql.param(ids)}::text[]) as x(t, u)`);
    const base = options.publicUrl.replace(/\/+$/, "");
    // The mails name their template (@codeclass/mail accountCreatedMail): rendered when sent, so the queue stays small.
    const mails = fresh.map((u, i) => ({
      identifier: "send_email",
      payload: {
        template: "account-created",
        to: u.email,
        name: u.name,
        url: `${base}/api/auth/reset-password/${tokens[i]}?callbackURL=%2Freset-password`,
        signInUrl: `${base}/sign-in`,
        days: setPasswordLinkDays,
      } satisfies TaskPayload<"send_email">,
      max_attempts: 10,
      // Behind every other job: thousands of mails must not hold up code runs or the next import.
      priority: 10,
    }));
    // One statement queues every mail, in this transaction: the mails exist if and only if the accounts do.
    await tx.execute(sql`
      select graphile_worker.add_jobs(array(
        select json_populate_record(null::graphile_worker.job_spec, j) from json_array_elements(${JSON.stringify(mails)}::json) j
      ))`);
  });
  await batches(
    plan.users.filter((u) => u.change === "updated"),
    async (changed) => {
      await tx.execute(sql`
      update "user" set name = v.name, role = v.role, updated_at = now()
      from unnest(${sql.param(changed.map((u) => u.id!))}::text[], ${sql.param(changed.map((u) => u.name))}::text[], ${sql.param(changed.map((u) => u.role))}::text[]) as v(id, name, role)
      where "user".id = v.id`);
    },
  );
  return created;
}

async function writeEnrollments(tx: DbOrTx, plan: ImportPlan, created: Map<string, string>, batches: Batches) {
  await batches(
    plan.enrollments.filter((e) => e.change !== "unchanged"),
    async (rows) => {
      await tx.execute(sql`
    insert into enrollments (course_id, user_id, role)
    select c::uuid, u, r::course_role
    from unnest(${sql.param(rows.map((e) => e.courseId))}::text[], ${sql.param(rows.map((e) => e.userId ?? created.get(e.email)!))}::text[], ${sql.param(rows.map((e) => e.role))}::text[]) as x(c, u, r)
    on conflict (course_id, user_id) do update set role = excluded.role`);
    },
  );
}
