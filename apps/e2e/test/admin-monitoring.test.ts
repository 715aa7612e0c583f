import { eventually } from "@codeclass/test-utils";
import { expect, test } from "vitest";
import { makeCourse, trpcCall } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();

/** tRPC over HTTP against this file's server. */
const call = (token: string, kind: "query" | "mutation", proc: string, input: unknown) =>
  trpcCall(classroom.server.url, token, kind, proc, input);

test("the monitoring page shows a run that just happened, the workers and every alert with its threshold", async (ctx) => {
  const { env } = classroom.server;
  const stamp = Date.now().toString(36);
  const admin = { email: `ada-${stamp}@school.test`, password: "admin-password-1" };
  await cli(env, "user:create", "--email", admin.email, "--name", "Ada Admin", "--role", "admin", "--password", admin.password);
  const { course, students } = await makeCourse(classroom.server, {
    code: `MON-${stamp}`.toUpperCase(),
    title: "Watched course",
    instructor: { email: `tess-${stamp}@school.test`, name: "Tess Teacher", password: "teach-me-please" },
    students: [{ email: `sam-${stamp}@school.test`, name: "Sam Student", password: "learn-me-please" }],
  });
  const studentToken = students[0]!.token;

  const page = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  ctx.onTestFailed(async () => {
    await shot(page, "admin-monitoring-failure").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  await classroom.signIn(page, admin.email, admin.password);
  await page.goto(`${classroom.server.url}/admin/monitoring`);
  await page.getByRole("heading", { name: "Monitoring" }).waitFor();
  const runs = page.getByRole("table", { name: "Latest runs on the platform" });

  // The student runs a program while the page is open: it appears without a reload, with its verdict.
  const { runId } = await call(studentToken, "mutation", "run.start", {
    courseId: course.id,
    language: "python",
    files: [{ path: "main.py", content: "print('seen by the admin')\n" }],
  });
  await eventually(async () => {
    const [run] = await call(studentToken, "query", "run.listMine", { courseId: course.id });
    expect(run).toMatchObject({ id: runId, status: "finished", verdict: "OK" });
  }, 60_000);
  const row = runs.locator(`tr[data-run="${runId}"]`);
  await row.waitFor({ timeout: 15_000 });
  await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/^OK\s*python\s*just now/);

  // The figures: the server's own worker is alive, the run is counted in the last minute.
  await expect.poll(() => page.locator('[aria-label="Workers alive: 1"]').count(), { timeout: 15_000 }).toBe(1);
  await expect
    .poll(() => page.locator('[aria-label^="Runs in the last minute: "]:not([aria-label$=": 0"])').count(), { timeout: 15_000 })
    .toBe(1);
  const alerts = page.getByRole("table", { name: /^Alerts:/ });
  await expect.poll(() => alerts.getByRole("row").count()).toBe(9); // header + 8 rules
  expect(await alerts.locator('tr[data-alert="queue_depth"]').textContent()).toMatch(/Queue depth.*above 50 jobs/);
  expect(await alerts.locator('tr[data-alert="no_worker"]').textContent()).toMatch(/Workers alive\s*OK\s*1 worker\s*below 1 worker$/);
  await shot(page, "admin-monitoring");
}, 240_000);
