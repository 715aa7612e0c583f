import { Writable } from "node:stream";
import { user } from "@codeclass/db";
import { useTestDatabase } from "@codeclass/test-utils";
import { expect, test } from "vitest";
import { createLogger } from "../src/logger.ts";

// Issue 9, item 8: a failed query's parameters (passwords, tokens, whatever a user typed) never reach the log.
const t = useTestDatabase();

test("a failed query is logged with its SQL text but without its parameters, as err and inside better-auth's args", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger("info", false, sink);
  const marker = `secret-${Math.random().toString(36).slice(2)}`;
  // A NUL makes Postgres refuse the text: the error quotes the statement and its values.
  const err = await t.db
    .insert(user)
    .values({ id: marker, name: `${marker}\u0000`, email: `${marker}@x.test` })
    .then(
      () => null,
      (e: Error) => e,
    );
  expect(err).toBeInstanceOf(Error);
  expect(JSON.stringify({ message: err!.message, params: (err as { params?: unknown }).params })).toContain(marker); // the raw error holds it
  log.error({ err }, "procedure failed");
  log.error({ component: "auth", args: [err] }, "database error");
  log.error({ err: new Error("wrapper", { cause: err }) }, "wrapped");
  await new Promise((r) => setImmediate(r));
  expect(lines).toHaveLength(3);
  for (const line of lines) {
    expect(line).not.toContain(marker);
  }
  expect(lines[0]).toContain("Failed query: insert into");
  expect(lines[0]).toContain("params: [not logged]");
});
