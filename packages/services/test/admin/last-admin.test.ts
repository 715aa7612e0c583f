import * as services from "@codeclass/services";
import { makeUser, useTestDatabase } from "@codeclass/test-utils";
import { expect, test } from "vitest";
import { actor, serviceError } from "../helpers.ts";

// Its own database: the platform's only administrators are the ones made here.
const t = useTestDatabase();

const roles = async () =>
  (await t.sql`select role, coalesce(banned, false) as banned from "user" order by created_at, id`).map(
    (r) => `${r.role}${r.banned ? " (disabled)" : ""}`,
  );

test("the last enabled administrator cannot be demoted, disabled or deleted; with a second one they can", async () => {
  const first = await makeUser(t.db, { role: "admin" });
  const me = actor(first);
  for (const role of ["instructor", "student"] as const) {
    const error = await serviceError(services.admin.setRole(t.db, me, { userId: first.id, role }), "CONFLICT");
    expect(error.detail).toBe("cannot demote the last administrator: make another account an administrator first");
  }
  await serviceError(services.admin.disable(t.db, me, { userId: first.id }), "CONFLICT");
  await serviceError(services.admin.deleteUser(t.db, me, { userId: first.id }), "CONFLICT");
  expect(await roles()).toEqual(["admin"]);
  expect(await t.sql`select count(*)::int as n from audit_log`).toEqual([{ n: 0 }]);

  // A disabled admin does not count: they cannot sign in to act.
  const second = await makeUser(t.db, { role: "admin" });
  await services.admin.disable(t.db, me, { userId: second.id });
  await serviceError(services.admin.setRole(t.db, me, { userId: first.id, role: "student" }), "CONFLICT");

  await services.admin.enable(t.db, me, { userId: second.id });
  await services.admin.setRole(t.db, me, { userId: first.id, role: "instructor" });
  expect(await roles()).toEqual(["instructor", "admin"]);
  // Now `second` is the last one, and the demoted first cannot act any more.
  await serviceError(services.admin.setRole(t.db, actor(second), { userId: second.id, role: "student" }), "CONFLICT");
  await serviceError(
    services.admin.setRole(t.db, { id: first.id, role: "instructor" }, { userId: second.id, role: "student" }),
    "FORBIDDEN",
  );
});

test("two admins demoting each other at the same time leave one of them an admin", async () => {
  await t.sql`update "user" set role = 'student'`;
  const a = await makeUser(t.db, { role: "admin" });
  const b = await makeUser(t.db, { role: "admin" });
  const results = await Promise.allSettled([
    services.admin.setRole(t.db, actor(a), { userId: b.id, role: "student" }),
    services.admin.setRole(t.db, actor(b), { userId: a.id, role: "student" }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect(await t.sql`select count(*)::int as n from "user" where role = 'admin'`).toEqual([{ n: 1 }]);
});
