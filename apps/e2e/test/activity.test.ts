import { eventually } from "@codeclass/test-utils";
import { expect, test } from "vitest";
import { makeCourse, trpcCall } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();

/** tRPC over HTTP against this file's server. */
const call = (token: string, kind: "query" | "mutation", proc: string, input: unknown) =>
  trpcCall(classroom.server.url, token, kind, proc, input);

test("the course activity page charts a run that just happened, and its CSV holds it", async (ctx) => {
  const { env } = classroom.server;
  const stamp = Date.now().toString(36);
  const teacher = { email: `tess-${stamp}@school.test`, name: "Tess Teacher", password: "teach-me-please" };
  const student = { email: `sam-${stamp}@school.test`, name: "Sam Student", password: "learn-me-please" };
  const { course, students } = await makeCourse(classroom.server, {
    code: `ACT-${stamp}`.toUpperCase(),
    title: "Charted course",
    instructor: teacher,
    students: [student],
  });
  const studentToken = students[0]!.token;

  const { runId } = await call(studentToken, "mutation", "run.start", {
    courseId: course.id,
    language: "python",
    files: [{ path: "main.py", content: "print('charted')\n" }],
  });
  await eventually(async () => {
    const [run] = await call(studentToken, "query", "run.listMine", { courseId: course.id });
    expect(run).toMatchObject({ id: runId, status: "finished", verdict: "OK" });
  }, 60_000);

  const page = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })).newPage();
  ctx.onTestFailed(async () => {
    await shot(page, "course-activity-failure").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  await classroom.signIn(page, teacher.email, teacher.password);
  await page.goto(`${classroom.server.url}/courses/${course.id}`);
  await page.getByRole("link", { name: "Activity" }).click();
  await page.getByRole("heading", { name: "Activity: Charted course" }).waitFor();

  // Each chart is a titled region whose picture is described in words, and drawn.
  const byLanguage = page.getByRole("region", { name: "Runs per day by language" });
  await byLanguage.getByRole("figure", { name: /^Runs by language, .*: python 1\.$/ }).waitFor();
  expect(await byLanguage.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
  await page
    .getByRole("region", { name: "Runs per day by verdict" })
    .getByRole("figure", { name: /: OK 1\.$/ })
    .waitFor();
  await page
    .getByRole("region", { name: "Active students per day" })
    .getByRole("figure", { name: /at most 1, on .*; 1 different students in all\.$/ })
    .waitFor();
  await page.getByRole("region", { name: "Submissions per day" }).getByText("Comes with assignments").waitFor();

  const download = page.waitForEvent("download");
  await byLanguage.getByRole("button", { name: "Download CSV of runs per day by language" }).click();
  let text = "";
  for await (const chunk of await (await download).createReadStream()) text += chunk;
  const lines = text.trimEnd().split("\r\n");
  expect(lines[0]).toBe("day,total,python");
  expect(lines.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2},1,1$/);
  expect(lines.slice(1, -1).every((l) => l.endsWith(",0,0"))).toBe(true);
  await shot(page, "course-activity");

  // The platform's dashboard, for an administrator, counts the same run.
  const admin = { email: `ada-${stamp}@school.test`, password: "admin-password-1" };
  await cli(env, "user:create", "--email", admin.email, "--name", "Ada Admin", "--role", "admin", "--password", admin.password);
  const adminPage = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await classroom.signIn(adminPage, admin.email, admin.password);
  await adminPage.goto(`${classroom.server.url}/admin/activity`);
  await adminPage.getByRole("heading", { name: "Activity", exact: true }).waitFor();
  await adminPage
    .getByRole("region", { name: "Runs per day by language" })
    .getByRole("figure", { name: /: python 1\.$/ })
    .waitFor();
}, 300_000);
