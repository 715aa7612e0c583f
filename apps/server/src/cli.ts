import { createAuth, createUserAccount, logMailer, resetUserPassword, UserAdminError } from "@codeclass/auth";
import { createDb, resolveDatabase } from "@codeclass/db";
import { ServiceError, setGlobalRole } from "@codeclass/services";
import { describeIssues, type GlobalRole, globalRoles } from "@codeclass/validators";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import pino from "pino";
import { ZodError } from "zod";
import { databaseEnv, loadEnv } from "./env.ts";

/**
 * Operator CLI for installs without a UI at hand. Works against DATABASE_URL or the embedded
 * default (joining a running server's embedded Postgres, or starting it for the command).
 */
async function withPlatform<T>(
  fn: (p: { auth: ReturnType<typeof createAuth>; db: ReturnType<typeof createDb>["db"] }) => Promise<T>,
): Promise<T> {
  const env = loadEnv();
  const log = pino({ level: "warn" });
  const database = await resolveDatabase(databaseEnv(env));
  const { db, close } = createDb(database.url, { max: 2 });
  try {
    const auth = createAuth({ db, baseURL: env.publicUrl, secret: env.secret, mailer: logMailer(log), rateLimit: { enabled: false } });
    return await fn({ auth, db });
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

// Exit explicitly: the embedded Postgres library's exit hook would otherwise reset the code.
try {
  await program.parseAsync(process.argv);
  process.exit(0);
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
