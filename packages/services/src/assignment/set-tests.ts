import { assignments, assignmentTests, type Database } from "@codeclass/db";
import { formatBytes } from "@codeclass/sandbox";
import { assignmentLimits, assignmentSetTestsInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, forbidden } from "../errors.ts";
import { maxRegexLength } from "../grading/compare.ts";
import { requireAssignment } from "./require-assignment.ts";

type TestIn = z.infer<typeof assignmentSetTestsInput>["tests"][number];

/** JSON with object keys sorted (Postgres's jsonb keeps its own key order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );

/** What decides a test's result: a change to any of these needs a regrade of that test. */
const gradingKey = (t: Pick<TestIn, "stdin" | "expected" | "args" | "files" | "points" | "limits" | "compare" | "gate">, checker: string) =>
  canonical([t.stdin, t.expected, t.args, t.files, t.points, t.limits, t.compare, t.gate, t.compare.mode === "checker" ? checker : ""]);

const testBytes = (t: TestIn) =>
  Buffer.byteLength(t.stdin) + Buffer.byteLength(t.expected) + t.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);

/**
 * Replaces an assignment's tests (staff), in the given order. A test keeps its id (and its
 * results) when given its id; its revision goes up only when something that decides its result
 * changed, and then the tests version does too, so a regrade reruns just those tests.
 * Refused, naming the limit: more than 200 tests, more than 16 MiB of test data.
 */
export async function setTests(db: Database, actor: Actor, raw: z.input<typeof assignmentSetTestsInput>) {
  const count = Array.isArray((raw as { tests?: unknown }).tests) ? (raw as { tests: unknown[] }).tests.length : 0;
  if (count > assignmentLimits.testsPerAssignment)
    throw badRequest(`${count} tests; the limit is ${assignmentLimits.testsPerAssignment} per assignment`, "tests");
  const input = assignmentSetTestsInput.parse(raw);
  const { assignment, access } = await requireAssignment(db, actor, input.assignmentId, "staff");
  if (access.course.archivedAt) throw forbidden("This course is archived: its assignments can no longer change");
  const total = input.tests.reduce((n, t) => n + testBytes(t), 0);
  if (total > assignmentLimits.testDataBytes)
    throw badRequest(
      `${formatBytes(total)} of test data; the limit is ${formatBytes(assignmentLimits.testDataBytes)} per assignment`,
      "tests",
    );
  const checker = input.checker === undefined ? assignment.checker : input.checker;
  if (checker && checker.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0) > assignmentLimits.checkerBytes)
    throw badRequest(`the checker's sources are over ${formatBytes(assignmentLimits.checkerBytes)}`, "checker");
  input.tests.forEach((t, i) => {
    if (t.compare.mode === "checker" && !checker)
      throw badRequest("uses the checker, but the assignment has none: add one", `tests.${i}.compare`);
    if (t.compare.mode === "regex") {
      if (t.expected.length > maxRegexLength)
        throw badRequest(
          `is a regular expression of ${t.expected.length} characters; the limit is ${maxRegexLength}`,
          `tests.${i}.expected`,
        );
      try {
        new RegExp(t.expected);
      } catch (e) {
        throw badRequest(`is not a valid regular expression: ${(e as Error).message}`, `tests.${i}.expected`);
      }
    }
  });
  const checkerKey = canonical(checker ?? null);
  const oldCheckerKey = canonical(assignment.checker ?? null);

  return db.transaction(async (tx) => {
    const existing = await tx.select().from(assignmentTests).where(eq(assignmentTests.assignmentId, assignment.id));
    const byId = new Map(existing.map((t) => [t.id, t]));
    const kept = new Set<string>();
    let changed = input.checker !== undefined && checkerKey !== oldCheckerKey;
    // Positions are unique: move the old rows out of the way first.
    await tx
      .update(assignmentTests)
      .set({ position: sql`-1 - ${assignmentTests.position}` })
      .where(eq(assignmentTests.assignmentId, assignment.id));
    const ids: string[] = [];
    for (const [position, t] of input.tests.entries()) {
      const old = t.id ? byId.get(t.id) : undefined;
      if (t.id && !old) throw badRequest(`${t.id} is not a test of this assignment`, `tests.${position}.id`);
      if (old && kept.has(old.id)) throw badRequest("names the same test twice", `tests.${position}.id`);
      const values = {
        position,
        name: t.name,
        stdin: t.stdin,
        expected: t.expected,
        args: t.args,
        files: t.files,
        points: t.points,
        limits: t.limits,
        compare: t.compare,
        visibility: t.visibility,
        gate: t.gate,
        bytes: testBytes(t),
      };
      if (old) {
        kept.add(old.id);
        const same = gradingKey(t, checkerKey) === gradingKey(old as unknown as TestIn, oldCheckerKey);
        if (!same) changed = true;
        await tx
          .update(assignmentTests)
          .set({ ...values, revision: same ? old.revision : old.revision + 1 })
          .where(eq(assignmentTests.id, old.id));
        ids.push(old.id);
      } else {
        changed = true;
        const [row] = await tx
          .insert(assignmentTests)
          .values({ ...values, assignmentId: assignment.id })
          .returning({ id: assignmentTests.id });
        ids.push(row!.id);
      }
    }
    const removed = existing.filter((t) => !kept.has(t.id));
    if (removed.length) {
      changed = true;
      for (const t of removed) await tx.delete(assignmentTests).where(eq(assignmentTests.id, t.id));
    }
    const testsVersion = changed ? assignment.testsVersion + 1 : assignment.testsVersion;
    await tx
      .update(assignments)
      .set({ testsVersion, updatedAt: new Date(), ...(input.checker !== undefined ? { checker: input.checker } : {}) })
      .where(eq(assignments.id, assignment.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.tests.set",
      targetType: "assignment",
      targetId: assignment.id,
      courseId: assignment.courseId,
      data: { tests: input.tests.length, bytes: total, testsVersion, removed: removed.length },
    });
    return { testIds: ids, testsVersion, changed };
  });
}
