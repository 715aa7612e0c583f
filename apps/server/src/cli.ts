import { readFile } from "node:fs/promises";
import path from "node:path";
import { createAuth, createUserAccount, resetUserPassword, UserAdminError } from "@codeclass/auth";
import { createDb, databaseEnv, RestoreError, resolveDatabase } from "@codeclass/db";
import { mailerFromEnv } from "@codeclass/mail";
import { backup, importing, ServiceError, setGlobalRole, storageFromEnv } from "@codeclass/services";
import { describeIssues, type GlobalRole, globalRoles, type ImportKind, importKinds } from "@codeclass/validators";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import pino from "pino";
import { ZodError } from "zod";
import { loadEnv } from "./env.ts";

/**
 * Operator CLI for installs without a UI at hand. Works against DATABASE_URL or the embedded
 * default (joining a running server's embedded Postgres, or starting it for the command).
 */
async function withPlatform<T>(
  fn: (p: {
    auth: ReturnType<typeof createAuth>;
    db: ReturnType<typeof createDb>["db"];
    publicUrl: string;
    url: string;
    env: ReturnType<typeof loadEnv>;
  }) => Promise<T>,
): Promise<T> {
  const env = loadEnv();
  const log = pino({ level: "warn" });
  const database = await resolveDatabase(databaseEnv(env));
  const { db, close } = createDb(database.url, { max: 2 });
  try {
    const auth = createAuth({
      db,
      baseURL: env.publicUrl,
      secret: env.secret,
      mailer: mailerFromEnv(env, log),
      rateLimit: { enabled: false },
    });
    return await fn({ auth, db, publicUrl: env.publicUrl, url: database.url, env });
  } finally {
    await close();
    await database.stop();
  }
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError("use a whole number of days from 1 to 3650");
  return n;
};

const role = (value: string): GlobalRole => {
  if (!(globalRoles as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${globalRoles.join(", ")}`);
  return value as GlobalRole;
};

const program = new Command("codeclass").description("Codeclass operator commands").showHelpAfterError().exitOverride();

program
  .command("user:create")
  .description("create an account with a password and a global role")
  .requiredOption("--email <email>", "sign-in email")
  .requiredOption("--name <name>", "display name")
  .requiredOption("--role <role>", `global role: ${globalRoles.join("|")}`, role)
  .requiredOption("--password <password>", "initial password (8-128 characters)")
  .action(async (o: { email: string; name: string; role: GlobalRole; password: string }) => {
    const created = await withPlatform(async ({ auth, db }) => {
      const user = await createUserAccount(auth, db, o);
      await setGlobalRole(db, null, user.email, user.role); // records the operator action in the audit log
      return user;
    });
    console.log(`created ${created.role} ${created.email} (id ${created.id})`);
  });

program
  .command("user:set-role")
  .description("change a user's global role")
  .requiredOption("--email <email>", "the user's email")
  .requiredOption("--role <role>", `global role: ${globalRoles.join("|")}`, role)
  .action(async (o: { email: string; role: GlobalRole }) => {
    await withPlatform(({ db }) => setGlobalRole(db, null, o.email, o.role));
    console.log(`${o.email} is now ${o.role}`);
  });

program
  .command("user:reset-password")
  .description("set a new password and sign the user out everywhere")
  .requiredOption("--email <email>", "the user's email")
  .requiredOption("--password <password>", "the new password (8-128 characters)")
  .action(async (o: { email: string; password: string }) => {
    await withPlatform(({ auth, db }) => resetUserPassword(auth, db, o.email, o.password));
    console.log(`password reset for ${o.email}; their sessions were signed out`);
  });

const importKind = (value: string): ImportKind => {
  if (!(importKinds as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${importKinds.join(", ")}`);
  return value as ImportKind;
};

/** The preview as the terminal shows it: counts, then each problem as "line N, column: reason". */
function printReport(report: importing.ImportReport) {
  const { summary } = report;
  const counts = (c: { new: number; updated: number; unchanged: number }) => `${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged`;
  console.log(`${summary.kind}: ${summary.rows} rows, ${summary.rowsWithErrors} with errors`);
  if (summary.kind === "courses") console.log(`  courses:     ${counts(summary.courses)}`);
  else console.log(`  users:       ${counts(summary.users)}`);
  if (summary.kind === "enrollments" || summary.kind === "roster") console.log(`  enrollments: ${counts(summary.enrollments)}`);
  if (report.ignoredHeaders.length) console.log(`  columns not read: ${report.ignoredHeaders.join(", ")}`);
  for (const p of report.problems) console.log(`  line ${p.line}${p.column ? `, ${p.column}` : ""}: ${p.reason}`);
  if (report.problemCount > report.problems.length) console.log(`  … and ${report.problemCount - report.problems.length} more problems`);
}

program
  .command("import")
  .description("import users, courses, enrollments or a roster from a CSV file (all or nothing; see the README)")
  .argument("<file>", "the CSV file (UTF-8)")
  .option("--kind <kind>", `${importKinds.join("|")} (default: from the header)`, importKind)
  .option("--dry-run", "check the file and show what would change, without writing")
  .action(async (file: string, o: { kind?: ImportKind; dryRun?: boolean }) => {
    const csv = await readFile(fromCaller(file), "utf8");
    const input = { csv, kind: o.kind };
    if (o.dryRun) {
      const report = await withPlatform(({ db }) => importing.preview(db, null, input));
      printReport(report);
      console.log(report.problemCount ? "dry run: fix these rows, then import" : "dry run: nothing written; the file is ready");
      if (report.problemCount) process.exitCode = 1;
      return;
    }
    const outcome = await withPlatform(({ db, publicUrl }) => importing.commit(db, null, input, { publicUrl }));
    printReport(outcome);
    if (outcome.committed) console.log(`imported (id ${outcome.importId}); new accounts were mailed a link to choose their password`);
    else {
      console.log("nothing was written: fix these rows and import the file again");
      process.exitCode = 1;
    }
  });

/** A path the caller typed: pnpm runs scripts from the repository root, so relative means the caller's folder. */
const fromCaller = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

program
  .command("backup")
  .description("write a backup (every table in one snapshot, and the stored files) into a new folder")
  .option("--dir <folder>", "where backups are kept (default: BACKUP_DIR, or <data dir>/backups)")
  .option("--keep-days <days>", "then delete backups older than this many days (the newest is always kept)", positiveInt)
  .action(async (o: { dir?: string; keepDays?: number }) => {
    await withPlatform(async ({ url, env }) => {
      const root = o.dir ? fromCaller(o.dir) : env.backupDir;
      const made = await backup.createBackup({ url, storage: storageFromEnv(env, env.dataDir), root });
      const rows = made.manifest.database.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `backup written to ${made.dir}: ${made.manifest.database.tables.length} tables, ${rows} rows, ${made.manifest.files.length} files`,
      );
      if (o.keepDays) for (const name of await backup.pruneBackups(root, o.keepDays)) console.log(`deleted old backup ${name}`);
    });
  });

program
  .command("restore")
  .description("restore a backup folder into an empty database (DATABASE_URL, or a new embedded one) and the configured storage")
  .argument("<folder>", "a backup folder written by `backup`")
  .action(async (folder: string) => {
    const manifest = await withPlatform(({ url, env }) =>
      backup.restoreBackup({ url, storage: storageFromEnv(env, env.dataDir), dir: fromCaller(folder) }),
    );
    console.log(`restored the backup of ${manifest.createdAt}: ${manifest.database.tables.length} tables, ${manifest.files.length} files`);
  });

// Exit explicitly: the embedded Postgres library's exit hook would otherwise reset the code.
try {
  await program.parseAsync(process.argv);
  process.exit(process.exitCode ?? 0);
} catch (e) {
  // Commander has already printed its own usage errors and help.
  if (e instanceof CommanderError) process.exit(e.exitCode);
  const message =
    e instanceof ZodError
      ? describeIssues(e)
      : e instanceof UserAdminError || e instanceof ServiceError || e instanceof RestoreError || e instanceof backup.BackupError
        ? e.message
        : String((e as Error)?.message ?? e);
  console.error(`error: ${message}`);
  process.exit(1);
}
