import "./v8-settings.ts";
import fs from "node:fs";
import { legacyDataDir } from "@codeclass/db";
import { loadEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { serverNodeFlags, startedWithServerFlags } from "./node-flags.ts";
import { startPlatform } from "./platform.ts";

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const log = createLogger(env.LOG_LEVEL, env.NODE_ENV !== "production" && process.stdout.isTTY === true);
const platform = await startPlatform({ env, log, web: !env.SERVE_WEB ? "none" : env.NODE_ENV === "production" ? "static" : "dev" }).catch(
  (err) => {
    log.fatal({ err }, "could not start");
    process.exit(1);
  },
);

log.info({ url: platform.url, database: platform.databaseKind, dataDir: env.dataDir }, `Codeclass is running at ${platform.url}`);
if (env.NODE_ENV === "production" && !startedWithServerFlags())
  log.warn(
    { flags: serverNodeFlags },
    `started without the server's Node flags: start it with "pnpm start", or give node ${serverNodeFlags.join(" ")} (without them a class typing at once sees bursts of slow keystrokes at every full garbage collection; docs/performance.md)`,
  );
if (!process.env.DATA_DIR && fs.existsSync(legacyDataDir))
  log.warn(
    { legacyDataDir, dataDir: env.dataDir },
    `${legacyDataDir} holds data of an older version, kept inside the repository where a web server could serve it; it is no longer used. To keep that data, move it out of the checkout and set DATA_DIR to it (or set DATA_DIR=.data)`,
  );
if (platform.demoAccounts) {
  const rows = platform.demoAccounts.map((a) => `  ${a.role.padEnd(11)} ${a.email.padEnd(28)} ${a.password}`).join("\n");
  // Printed once, on the first run only: the passwords are random and not stored anywhere else.
  console.log(`\nDemo accounts (shown once; reset with: pnpm codeclass user:reset-password --email E --password P):\n${rows}\n`);
}
console.log(`\n  ➜  Codeclass: ${platform.url}\n`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down");
    platform.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
