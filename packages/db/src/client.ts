import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Database = ReturnType<typeof createDb>["db"];
/** A transaction handle; services accept either this or the database. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

/**
 * Opens a postgres.js pool and a drizzle handle on it. Call `close()` on shutdown.
 *
 * `prepare` (default true; DATABASE_PREPARE=false): drizzle sends its statements unnamed, and
 * postgres.js then asks Postgres to describe each one with parameters before it can run it: a
 * round trip more, a parse and a plan on every query, and nothing else goes down the connection
 * meanwhile. Named, a connection's statement is parsed and described once and then only run.
 * Turn it off behind a pooler that shares server connections between clients per transaction
 * (PgBouncer before 1.21 in transaction mode).
 */
export function createDb(url: string, options: { max?: number; prepare?: boolean } = {}) {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection: { application_name: "codeclass" } });
  const prepare = options.prepare ?? process.env.DATABASE_PREPARE !== "false";
  const db = drizzle(prepare ? preparing(sql) : sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/** `sql` with every statement drizzle runs through `unsafe` named (prepared), in transactions and savepoints too. */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe")
        return (query: string, params?: never[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if (prop === "begin" || prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const run = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
          return run(...args, (tx: postgres.TransactionSql) => fn(preparing(tx)));
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}
