import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { runMigrations } from "./migrate.ts";
import { migrationsFolder } from "./paths.ts";

/**
 * A logical backup of the application's tables: each table's rows as `COPY` text (gzip), all
 * read in one repeatable-read snapshot, with the migrations applied at that moment. It needs no
 * client tools, so it works with the embedded Postgres (whose version no Debian pg_dump matches)
 * and with any external server the app role can read. graphile-worker's queue is not included:
 * its jobs are transient (runs in flight end as interrupted, as after any restart).
 */
export interface DatabaseDump {
  /** Migrations applied when the snapshot was taken, oldest first (drizzle's hash and timestamp). */
  migrations: { hash: string; createdAt: number }[];
  tables: { name: string; columns: string[]; rows: number; file: string }[];
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function publicTables(sql: postgres.Sql | postgres.TransactionSql): Promise<{ name: string; columns: string[] }[]> {
  const rows = await sql<{ name: string; columns: string[] }[]>`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     group by c.relname
     order by c.relname`;
  return rows.map((r) => ({ name: r.name, columns: r.columns }));
}

/** Writes every public table of `url` into `dir` (created), returning what the manifest records. */
export async function dumpDatabase(url: string, dir: string): Promise<DatabaseDump> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin("isolation level repeatable read read only", async (tx) => {
      const migrations = await tx<{ hash: string; created_at: string }[]>`
        select hash, created_at from drizzle.__drizzle_migrations order by created_at`;
      const tables: DatabaseDump["tables"] = [];
      for (const table of await publicTables(tx)) {
        const file = `${table.name}.copy.gz`;
        const cols = table.columns.map(quoteIdent).join(", ");
        const [counted] = await tx<{ n: number }[]>`select count(*)::int as n from ${tx(table.name)}`;
        const readable = await tx.unsafe(`copy public.${quoteIdent(table.name)} (${cols}) to stdout`).readable();
        await pipeline(readable, createGzip(), createWriteStream(path.join(dir, file), { mode: 0o600 }));
        tables.push({ name: table.name, columns: table.columns, rows: counted?.n ?? 0, file });
      }
      return { migrations: migrations.map((m) => ({ hash: m.hash, createdAt: Number(m.created_at) })), tables };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export class RestoreError extends Error {}

/**
 * Restores a dump into an empty database: migrates it to the dump's migration, loads every
 * table in one transaction (foreign keys dropped and re-added, so they are checked once at the
 * end), moves the sequences past the restored ids, then applies this version's newer migrations.
 */
export async function restoreDatabase(url: string, dir: string, dump: DatabaseDump): Promise<void> {
  const known = readMigrationFiles({ migrationsFolder });
  const count = dump.migrations.length;
  for (const [i, m] of dump.migrations.entries()) {
    if (known[i]?.hash !== m.hash || known[i]?.folderMillis !== m.createdAt)
      throw new RestoreError(
        i >= known.length
          ? `the backup was made by a newer Codeclass (migration ${i + 1} of ${count} is unknown here): restore it with that version`
          : `the backup's migration ${i + 1} differs from this version's: restore it with the version that made it`,
      );
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const t of await publicTables(sql)) {
      const [row] = await sql<{ any: boolean }[]>`select exists (select 1 from ${sql(t.name)}) as any`;
      if (row?.any) throw new RestoreError(`the database is not empty (table ${t.name} has rows): restore into a new, empty database`);
    }
    await migrateTo(url, count);
    await sql.begin(async (tx) => {
      const foreignKeys = await tx<{ table: string; name: string; def: string }[]>`
        select cl.relname as table, co.conname as name, pg_get_constraintdef(co.oid) as def
          from pg_constraint co
          join pg_class cl on cl.oid = co.conrelid
          join pg_namespace n on n.oid = cl.relnamespace
         where co.contype = 'f' and n.nspname = 'public'`;
      for (const fk of foreignKeys) await tx.unsafe(`alter table public.${quoteIdent(fk.table)} drop constraint ${quoteIdent(fk.name)}`);
      const present = new Map((await publicTables(tx)).map((t) => [t.name, t]));
      // Rows a migration itself inserted (reference data) come back from the backup instead.
      if (present.size > 0) await tx.unsafe(`truncate table ${[...present.keys()].map((t) => `public.${quoteIdent(t)}`).join(", ")}`);
      for (const table of dump.tables) {
        const target = present.get(table.name);
        if (!target) throw new RestoreError(`table ${table.name} of the backup is missing after migration ${count}`);
        const cols = table.columns.map(quoteIdent).join(", ");
        const writable = await tx.unsafe(`copy public.${quoteIdent(table.name)} (${cols}) from stdin`).writable();
        await pipeline(createReadStream(path.join(dir, table.file)), createGunzip(), writable);
      }
      for (const fk of foreignKeys)
        await tx.unsafe(`alter table public.${quoteIdent(fk.table)} add constraint ${quoteIdent(fk.name)} ${fk.def}`);
      const sequences = await tx<{ table: string; column: string; seq: string }[]>`
        select cl.relname as table, a.attname as column, pg_get_serial_sequence(format('public.%I', cl.relname), a.attname) as seq
          from pg_class cl
          join pg_namespace n on n.oid = cl.relnamespace
          join pg_attribute a on a.attrelid = cl.oid and a.attnum > 0 and not a.attisdropped
         where n.nspname = 'public' and cl.relkind in ('r', 'p')
           and pg_get_serial_sequence(format('public.%I', cl.relname), a.attname) is not null`;
      for (const s of sequences)
        await tx.unsafe(
          `select setval('${s.seq.replaceAll("'", "''")}', coalesce((select max(${quoteIdent(s.column)}) from public.${quoteIdent(s.table)}), 0) + 1, false)`,
        );
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  await runMigrations(url);
}

/** Applies only the first `count` migrations (a copy of the folder with a shortened journal). */
async function migrateTo(url: string, count: number): Promise<void> {
  const journal = JSON.parse(await fs.readFile(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-migrations-"));
  try {
    await fs.mkdir(path.join(temp, "meta"));
    const entries = journal.entries.slice(0, count);
    await fs.writeFile(path.join(temp, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
    for (const e of entries) await fs.copyFile(path.join(migrationsFolder, `${e.tag}.sql`), path.join(temp, `${e.tag}.sql`));
    await runMigrations(url, temp);
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}
