import { createDb, user } from "@codeclass/db";
import { cloneTemplate } from "@codeclass/test-utils";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// createDb names drizzle's statements (packages/db/src/client.ts): a connection parses and describes each once,
// then only binds and runs it. Seen from Postgres: the connection's pg_prepared_statements.
let url = "";
let drop = async () => {};
beforeAll(async () => {
  ({ url, drop } = await cloneTemplate());
});
afterAll(() => drop());

/** The statements the connection running the transaction has prepared, after `n` lookups by id through drizzle. */
async function preparedAfterLookups(prepare: boolean, n: number) {
  const { db, close } = createDb(url, { max: 1, prepare });
  try {
    return await db.transaction(async (tx) => {
      for (let i = 0; i < n; i++)
        await tx
          .select({ id: user.id })
          .from(user)
          .where(eq(user.id, `no-such-user-${i}`));
      const rows = await tx.execute<{ statement: string; calls: string }>(
        sql`select statement, generic_plans + custom_plans as calls from pg_prepared_statements`,
      );
      return rows.filter((r) => r.statement.includes('from "user"'));
    });
  } finally {
    await close();
  }
}

describe("createDb's statements", () => {
  test("are prepared once per connection and then run again, in transactions too", async () => {
    const found = await preparedAfterLookups(true, 5);
    expect(found).toHaveLength(1);
    expect(found[0]!.statement).toMatch(/where "user"\."id" = \$1/);
    expect(Number(found[0]!.calls)).toBe(5);
  });

  test("with prepare off (DATABASE_PREPARE=false, for transaction poolers) none is kept", async () => {
    expect(await preparedAfterLookups(false, 5)).toEqual([]);
  });
});
