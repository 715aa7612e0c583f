import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { portAnswers } from "@codeclass/db/embedded";
import { freePort } from "@codeclass/test-utils";
import { afterAll, expect, test } from "vitest";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startPlatform } from "../src/platform.ts";
import { browser } from "./helpers.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-embedded-"));
fs.chmodSync(dir, 0o755);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("with DATABASE_URL unset, the embedded default seeds demo accounts once and keeps data across restarts", async () => {
  const env = loadEnv({
    NODE_ENV: "test",
    PORT: "0",
    EMBEDDED_PG_DIR: path.join(dir, "postgres"),
    EMBEDDED_PG_PORT: String(await freePort()),
    BETTER_AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789",
    LOG_LEVEL: "silent",
  });
  const start = () => startPlatform({ env, log: createLogger("silent", false), web: "none" });

  const first = await start();
  expect(first.databaseKind).toBe("embedded");
  expect(first.demoAccounts?.map((a) => a.role)).toEqual(["admin", "instructor", "student", "student"]);
  const instructor = first.demoAccounts!.find((a) => a.role === "instructor")!;
  const student = first.demoAccounts!.find((a) => a.email === "student1@codeclass.local")!;
  const b = browser(() => first.url);
  expect((await b.post("/api/auth/sign-in/email", { email: instructor.email, password: instructor.password })).status).toBe(200);
  const created = await b.mutate("course.create", { code: "KEEP-1", title: "Survives restarts" });
  expect(created.status).toBe(200);
  await first.close();

  const second = await start();
  try {
    expect(second.demoAccounts).toBeNull(); // not seeded again
    const s = browser(() => second.url);
    expect((await s.post("/api/auth/sign-in/email", { email: student.email, password: student.password })).status).toBe(200);
    const mine = await s.query("course.listMine");
    expect(mine.body.result!.data.json.map((c: { code: string }) => c.code)).toEqual(["DEMO-101"]);
    const i = browser(() => second.url);
    await i.post("/api/auth/sign-in/email", { email: instructor.email, password: instructor.password });
    const codes = (await i.query("course.listMine")).body.result!.data.json.map((c: { code: string }) => c.code);
    expect(codes).toEqual(["DEMO-101", "KEEP-1"]);
  } finally {
    await second.close();
  }
  // close() stopped the embedded server: its port no longer answers.
  expect(await portAnswers(env.EMBEDDED_PG_PORT!)).toBe(false);
});
