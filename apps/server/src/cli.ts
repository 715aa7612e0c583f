import { readFile } from "node:fs/promises";
import path from "node:path";
import { createAuth, createUserAccount, resetUserPassword, UserAdminError } from "@codeclass/auth";
import { createDb, databaseEnv, resolveDatabase } from "@codeclass/db";
import { mailerFromEnv } from "@codeclass/mail";
import { importing, ServiceError, setGlobalRole } from "@codeclass/services";
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
  fn: (p: { auth: ReturnType<typeof createAuth>; db: ReturnType<typeof createDb>["db"]; publicUrl: string }) => Promise<T>,
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
    return await fn({ auth, db, publicUrl: env.publicUrl });
  } finally {
    await close();
    await database.stop();
  }
}

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
    // pnpm runs scripts from the repository root; a relative path means the caller's folder.
    const csv = await readFile(path.resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8");
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
      : e instanceof UserAdminError || e instanceof ServiceError
        ? e.message
        : String((e as Error)?.message ?? e);
  console.error(`error: ${message}`);
  process.exit(1);
}
