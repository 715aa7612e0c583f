import type { createDb, Database } from "@codeclass/db";
import { importing } from "@codeclass/services";
import { callerFor, eventually, makeCourse, makeUser, type UserRow } from "@codeclass/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestWorker } from "./harness.ts";

let db: Database;
let sql: ReturnType<typeof createDb>["sql"];
let admin: UserRow;
let courseCode: string;
let done = async () => {};
/** Addresses the worker mailed (the account-created mails the imports queue). */
const mailed: string[] = [];

beforeAll(async () => {
  const harness = await startTestWorker({
    concurrency: 2,
    sandbox: "imports need no sandbox",
    dbMax: 8,
    mailer: { send: async (m) => void mailed.push(m.to) },
  });
  ({ db, sql } = harness);
  done = harness.stop;
  admin = await makeUser(db, { role: "admin" });
  courseCode = (await makeCourse(db, await makeUser(db, { role: "instructor" }))).code;
});
afterAll(() => done());

type View = importing.ImportView;

/** A roster of `n` new people, all in the test's course. */
const roster = (prefix: string, n: number) =>
  ["email,name,course,role", ...Array.from({ length: n }, (_, i) => `${prefix}-${i}@school.test,Student ${i},${courseCode},student`)].join(
    "\n",
  );

/**
 * Follows an import through admin.importProgress until it ends; `onEvent` runs on each event
 * before the next is read (while the commit's transaction may still be open). `ready` resolves
 * on the first event: start the import after it, and the stream has seen it before the start.
 */
function follow(importId: string, onEvent: (view: View, id: string) => Promise<void> = async () => {}, lastEventId?: string) {
  let seen = () => {};
  const ready = new Promise<void>((resolve) => (seen = resolve));
  const events = (async () => {
    const stream = (await callerFor(db, admin).admin.importProgress({ importId, lastEventId })) as AsyncIterable<[string, View]>;
    const all: { id: string; view: View }[] = [];
    for await (const [id, view] of stream) {
      all.push({ id, view });
      seen();
      await onEvent(view, id);
    }
    return all;
  })();
  return Object.assign(events, { ready });
}

const countUsers = async (prefix: string) => Number((await sql`select count(*) from "user" where email like ${`${prefix}-%`}`)[0]!.count);
const countEnrollments = async (prefix: string) =>
  Number((await sql`select count(*) from enrollments e join "user" u on u.id = e.user_id where u.email like ${`${prefix}-%`}`)[0]!.count);
/** Addresses of the prefix mailed or still queued to be (a mail being sent is in both: counted once). */
const countMails = async (prefix: string) => {
  const queued = await sql<{ to: string }[]>`select j.payload->>'to' as to from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = 'send_email' and j.payload->>'to' like ${`${prefix}-%`}`;
  return new Set([...mailed.filter((to) => to.startsWith(`${prefix}-`)), ...queued.map((r) => r.to)]).size;
};

describe("a bulk import committed by the import_commit job", () => {
  const prefix = `job-${Date.now().toString(36)}`;
  let csv = "";

  test("10,000 rows: progress comes while the transaction is open, never goes back, ends at the total; everything is written once", async () => {
    const caller = callerFor(db, admin);
    csv = roster(prefix, 10_000);
    const uploaded = await caller.admin.importUpload({ csv });
    expect(uploaded).toMatchObject({ problemCount: 0, summary: { rows: 10_000, users: { new: 10_000 }, enrollments: { new: 10_000 } } });
    expect(await countUsers(prefix)).toBe(0); // the check writes nothing

    let seenWhileOpen: { done: number; usersVisible: number } | null = null;
    const following = follow(uploaded.importId, async (view) => {
      if (view.status === "committing" && view.progress.done > 0 && view.progress.done < view.progress.total && !seenWhileOpen)
        seenWhileOpen = { done: view.progress.done, usersVisible: await countUsers(prefix) };
    });
    await following.ready;
    const started = Date.now();
    expect(await caller.admin.importStart({ importId: uploaded.importId })).toMatchObject({ status: "queued" });
    const events = await following;
    const ms = Date.now() - started;

    const statuses = events.map((e) => e.view.status);
    expect(statuses[0]).toBe("previewed");
    expect(statuses).toContain("committing");
    expect(statuses.at(-1)).toBe("committed");
    // Event ids are the import's versions: increasing, so a reconnect resumes after the last one.
    const ids = events.map((e) => Number(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
    const progress = events.filter((e) => e.view.status === "committing" || e.view.status === "committed").map((e) => e.view.progress);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    // 10,000 accounts and 10,000 enrollments, reported every 500: several steps seen between 0 and the end.
    expect(new Set(progress.map((p) => p.done)).size).toBeGreaterThanOrEqual(5);
    expect(progress.at(-1)).toEqual({ done: 20_000, total: 20_000 });
    // Progress was seen while none of the rows was visible yet: reported outside the open transaction.
    expect(seenWhileOpen).not.toBeNull();
    expect(seenWhileOpen!.usersVisible).toBe(0);

    expect(await countUsers(prefix)).toBe(10_000);
    expect(await countEnrollments(prefix)).toBe(10_000);
    await eventually(async () => expect(await countMails(prefix)).toBe(10_000));
    const final = await caller.admin.importGet({ importId: uploaded.importId });
    expect(final).toMatchObject({ status: "committed", hasResult: true, hasErrorReport: false, finishedAt: expect.any(Date) });
    const audit = await sql`select actor_id, data from audit_log where action = 'import.commit' and target_id = ${uploaded.importId}`;
    expect(audit).toEqual([
      {
        actor_id: admin.id,
        data: expect.objectContaining({ kind: "roster", rows: 10_000, users: expect.objectContaining({ new: 10_000 }) }),
      },
    ]);
    const result = await caller.admin.importDownload({ importId: uploaded.importId, file: "result" });
    const lines = result.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("record,email,name,course,role,change");
    expect(lines).toHaveLength(1 + 20_000);
    expect(lines).toContain(`user,${prefix}-7@school.test,Student 7,,student,new`);
    console.log(`import job: 10,000 rows (20,000 records) committed in ${ms} ms, ${events.length} progress events`);

    // Resuming from an earlier event sends the current state once, then ends.
    const resumed = await follow(uploaded.importId, undefined, events[1]!.id);
    expect(resumed.map((e) => e.view.status)).toEqual(["committed"]);
  }, 120_000);

  test("importing the same file again writes nothing new: 10,000 unchanged, no mail, progress 0 of 0", async () => {
    const caller = callerFor(db, admin);
    const again = await caller.admin.importUpload({ csv });
    // A roster lists only the accounts it makes; everyone has one now.
    expect(again.summary).toMatchObject({ users: { new: 0 }, enrollments: { new: 0, updated: 0, unchanged: 10_000 } });
    const following = follow(again.importId);
    await following.ready;
    await caller.admin.importStart({ importId: again.importId });
    const events = await following;
    expect(events.at(-1)!.view).toMatchObject({ status: "committed", progress: { done: 0, total: 0 } });
    expect(await countUsers(prefix)).toBe(10_000);
    expect(await countEnrollments(prefix)).toBe(10_000);
    expect(await countMails(prefix)).toBe(10_000);
  }, 60_000);

  test("a cancel while the commit's transaction is open rolls it back: no account, enrollment or mail of the file", async () => {
    const other = `cancel-${Date.now().toString(36)}`;
    const caller = callerFor(db, admin);
    const uploaded = await caller.admin.importUpload({ csv: roster(other, 10_000) });
    let cancelled: View | null = null;
    const following = follow(uploaded.importId, async (view) => {
      if (view.status === "committing" && view.progress.done >= 500 && !cancelled)
        cancelled = await caller.admin.importCancel({ importId: uploaded.importId });
    });
    await following.ready;
    await caller.admin.importStart({ importId: uploaded.importId });
    const events = await following;
    expect(cancelled).toMatchObject({ status: "committing", cancelRequested: true });
    expect(events.at(-1)!.view).toMatchObject({ status: "cancelled", message: expect.stringMatching(/nothing was written/) });
    expect(events.at(-1)!.view.progress.done).toBeLessThan(20_000);
    expect(await countUsers(other)).toBe(0);
    expect(await countEnrollments(other)).toBe(0);
    expect(await countMails(other)).toBe(0);
    expect(await sql`select action from audit_log where target_id = ${uploaded.importId} order by id`).toEqual([
      { action: "import.cancel" },
    ]);
    // The cancelled import cannot be started again; a second cancel answers with its state.
    await expect(caller.admin.importStart({ importId: uploaded.importId })).rejects.toThrow(/cancelled; upload the file again/);
    expect(await caller.admin.importCancel({ importId: uploaded.importId })).toMatchObject({ status: "cancelled" });
  }, 120_000);

  test("a retried job of an import cancelled while its worker died ends it cancelled, writing nothing", async () => {
    const caller = callerFor(db, admin);
    const email = `retry-${prefix}@school.test`;
    const uploaded = await caller.admin.importUpload({ csv: `email,name,course\n${email},Retry,${courseCode}\n` });
    // As a worker that died mid-commit leaves it: committing, with the cancel asked for meanwhile.
    await sql`update imports set status = 'committing', cancel_requested = true where id = ${uploaded.importId}`;
    expect(await importing.runCommitJob(db, uploaded.importId, { publicUrl: "http://localhost:3000" })).toBeNull();
    expect(await caller.admin.importGet({ importId: uploaded.importId })).toMatchObject({ status: "cancelled" });
    expect(await sql`select id from "user" where email = ${email}`).toEqual([]);
  });

  test("a file with problems cannot start; cancelled before it starts, it never runs; its error report is escaped CSV", async () => {
    const caller = callerFor(db, admin);
    // "-email" is the email column ("-" is ignored in headers); as a cell of the report it would start a formula.
    const bad = await caller.admin.importUpload({
      csv: `-email,name,course\nnot-an-address,Bad,${courseCode}\nok-${prefix}@school.test,Fine,NOPE\n`,
    });
    expect(bad.problemCount).toBe(2);
    await expect(caller.admin.importStart({ importId: bad.importId })).rejects.toThrow(/importId: the file has 2 problems: fix them/);
    const report = await caller.admin.importDownload({ importId: bad.importId, file: "errors" });
    const lines = report.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("line,column,problem");
    expect(lines[1]).toMatch(/^2,'-email,/);
    expect(lines[2]).toMatch(/^3,course,.*NOPE/);
    await expect(caller.admin.importDownload({ importId: bad.importId, file: "result" })).rejects.toThrow(
      /a result exists once it is written/,
    );

    const good = await caller.admin.importUpload({ csv: `email,name,course\nlater-${prefix}@school.test,Later,${courseCode}\n` });
    expect(await caller.admin.importCancel({ importId: good.importId })).toMatchObject({ status: "cancelled" });
    await expect(caller.admin.importStart({ importId: good.importId })).rejects.toThrow(/cancelled/);
    expect(await sql`select id from "user" where email = ${`later-${prefix}@school.test`}`).toEqual([]);
  });
});
