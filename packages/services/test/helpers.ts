import { type Actor, ServiceError } from "@codeclass/services";
import type { TestDatabase, UserRow } from "@codeclass/test-utils";
import type { GlobalRole } from "@codeclass/validators";
import { expect } from "vitest";

/** The actor services expect, for a user row. */
export const actor = (u: UserRow): Actor => ({ id: u.id, role: u.role as GlobalRole });

/** The ServiceError a call failed with; fails the test if it succeeded or failed otherwise. */
export async function serviceError(call: Promise<unknown>, code: ServiceError["code"]): Promise<ServiceError> {
  const error = await call.then(
    (result) => {
      throw new Error(`expected ${code}, but the call returned ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  return error as ServiceError;
}

/** Audit rows about a course (or any target), oldest first, without ids and timestamps. */
export function auditFor(t: TestDatabase, where: { courseId?: string; targetId?: string }) {
  return t.sql`
    select actor_id as "actorId", action, target_type as "targetType", target_id as "targetId", course_id as "courseId", data
    from audit_log
    where (${where.courseId ?? null}::uuid is null or course_id = ${where.courseId ?? null}::uuid)
      and (${where.targetId ?? null}::text is null or target_id = ${where.targetId ?? null}::text)
    order by id`;
}

export const enrollmentsOf = (t: TestDatabase, courseId: string) =>
  t.sql`select user_id as "userId", role from enrollments where course_id = ${courseId} order by role, user_id`;

export const uniqueSuffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
