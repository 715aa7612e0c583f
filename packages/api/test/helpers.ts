import { live } from "@codeclass/services";
import {
  type Caller,
  callerFor,
  enroll,
  type LiveKitStandIn,
  makeCourse,
  makeUser,
  startLiveKitStandIn,
  type TestDatabase,
  type UserRow,
} from "@codeclass/test-utils";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { afterAll, beforeAll, expect } from "vitest";
import { z } from "zod";
import { appRouter } from "../src/index.ts";

/** Every procedure path on the router ("course.create", ...), from tRPC's flat procedure map. */
export function routerProcedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).sort();
}

/** True when the procedure's input names one course (an object schema with a courseId). */
export function takesCourseId(path: string): boolean {
  const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>)[path];
  return Boolean(procedure?._def.inputs.some((schema) => schema instanceof z.ZodObject && "courseId" in schema.shape));
}

/** Calls `caller.a.b(input)` for the path "a.b". */
export function callPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  if (typeof fn !== "function") throw new Error(`no procedure ${path} on the caller`);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

/** Every row a procedure can write, in a stable order: equal snapshots mean nothing was written. */
export async function snapshot(t: TestDatabase) {
  return {
    courses: await t.sql`select * from courses order by id`,
    enrollments: await t.sql`select * from enrollments order by course_id, user_id`,
    auditLog: await t.sql`select * from audit_log order by id`,
    users: await t.sql`select * from "user" order by id`,
    runs: await t.sql`select * from runs order by id`,
    runInputs: await t.sql`select * from run_inputs order by id`,
    workspaces: await t.sql`select * from workspaces order by id`,
    workspaceUpdates: await t.sql`select * from workspace_updates order by id`,
    assignments: await t.sql`select * from assignments order by id`,
    assignmentTests: await t.sql`select * from assignment_tests order by id`,
    assignmentExtensions: await t.sql`select * from assignment_extensions order by assignment_id, user_id`,
    gradeOverrides: await t.sql`select * from grade_overrides order by assignment_id, user_id`,
    assignmentRegrades: await t.sql`select * from assignment_regrades order by id`,
    submissions: await t.sql`select * from submissions order by id`,
    courseTemplates: await t.sql`select * from course_templates order by course_id`,
    joinSecrets: await t.sql`select * from course_join_secrets order by course_id, kind`,
    invitations: await t.sql`select * from course_invitations order by id`,
    joinFailures: await t.sql`select * from join_failures order by user_id`,
    imports: await t.sql`select * from imports order by id`,
    apiKeys: await t.sql`select * from api_keys order by id`,
    jobs: await t.sql`select t.identifier, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id order by j.id`,
  };
}

/** One round trip that changes whenever any row of the writable tables changes (for loops of many calls). */
export async function fingerprint(t: TestDatabase): Promise<string> {
  const [row] = await t.sql`
    select concat_ws('/',
      (select md5(coalesce(string_agg(c::text, ',' order by c.id), '')) from courses c),
      (select md5(coalesce(string_agg(e::text, ',' order by e.course_id, e.user_id), '')) from enrollments e),
      (select md5(coalesce(string_agg(a::text, ',' order by a.id), '')) from audit_log a),
      (select md5(coalesce(string_agg(u::text, ',' order by u.id), '')) from "user" u),
      (select md5(coalesce(string_agg(w::text, ',' order by w.id), '')) from workspaces w),
      (select md5(coalesce(string_agg(wu::text, ',' order by wu.id), '')) from workspace_updates wu),
      (select md5(coalesce(string_agg(ct::text, ',' order by ct.course_id), '')) from course_templates ct),
      (select md5(coalesce(string_agg(r::text, ',' order by r.id), '')) from runs r)) as digest`;
  return row!.digest as string;
}

/** The error a call was refused with; fails the test if it succeeded or threw something that is not a TRPCError. */
export async function rejection(call: Promise<unknown>): Promise<TRPCError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error(`expected the call to be refused, but it returned ${JSON.stringify(result)?.slice(0, 300)}`);
}

/** Runs a call that must be refused, checks that no table changed, and returns the error. */
export async function refusedWithoutWrites(t: TestDatabase, call: () => Promise<unknown>): Promise<TRPCError> {
  const before = await snapshot(t);
  const error = await rejection(call());
  expect(await snapshot(t)).toEqual(before);
  return error;
}

/** What an HTTP client receives for `error`: the router's error formatter applied (message, data.fieldErrors). */
export function clientShape(error: TRPCError, path = "test") {
  const shape = getErrorShape({ config: appRouter._def._config, error, type: "mutation", path, input: undefined, ctx: undefined });
  return shape as typeof shape & { data: { code: string; fieldErrors: Record<string, string[]> | null } };
}

/** A short unique suffix for codes, names and emails. */
let seq = 0;
export const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A course taught by a fresh instructor (one student enrolled), a fresh admin, and callers for both. */
export async function courseSetup(t: TestDatabase, options: { archived?: boolean } = {}) {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor, { archived: options.archived ?? false });
  const student = await makeUser(t.db);
  await enroll(t.db, course.id, student.id, "student");
  const admin = await makeUser(t.db, { role: "admin" });
  return { instructor, course, student, admin, teacher: callerFor(t.db, instructor), asAdmin: callerFor(t.db, admin) };
}
export type Setup = Awaited<ReturnType<typeof courseSetup>>;

/**
 * LiveKit's server API for a test file: the stand-in (the one test double allowed: no LiveKit
 * server runs here) started before the file's tests and closed after; callers on a server with
 * video configured against it (or, with `video` false, without video); and the SDK's own token
 * verification with its keys.
 */
export function useLiveKitStandIn(t: TestDatabase) {
  let standIn: LiveKitStandIn | undefined;
  beforeAll(async () => {
    standIn = await startLiveKitStandIn();
  });
  afterAll(() => standIn?.close());
  const running = () => {
    if (!standIn) throw new Error("the LiveKit stand-in is not started yet (use it inside tests or hooks)");
    return standIn;
  };
  return {
    get standIn() {
      return running();
    },
    as: (user: UserRow | null, video = true) => callerFor(t.db, user, { livekit: video ? running().config : null }),
    verify: (token: string) => new live.TokenVerifier(running().config.apiKey, running().config.apiSecret).verify(token),
  };
}
