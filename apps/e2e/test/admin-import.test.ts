import { expect, test } from "vitest";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli, mailedLink } from "../src/server.ts";

const classroom = useClassroom();

test("bulk import: a file with errors is named row by row, nothing is written; fixed, it imports as a job whose progress reaches 100 %, and a new student sets a password and signs in", async (ctx) => {
  const page = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => void pageErrors.push(e.message));
  page.on("requestfailed", (r) => void pageErrors.push(`${r.url()}: ${r.failure()?.errorText}`));
  ctx.onTestFailed(async () => {
    await shot(page, "admin-import-failure").catch(() => {});
    console.log(pageErrors.join("\n"));
    console.log(classroom.server.logs().slice(-3000));
  });
  const stamp = Date.now().toString(36);
  const admin = { email: `admin-${stamp}@school.test`, password: "admin-password-1" };
  await cli(
    classroom.server.env,
    "user:create",
    "--email",
    admin.email,
    "--name",
    "Ada Admin",
    "--role",
    "admin",
    "--password",
    admin.password,
  );
  const code = `IMP-${stamp}`;
  await cli(
    classroom.server.env,
    "user:create",
    "--email",
    `t-${stamp}@school.test`,
    "--name",
    "T",
    "--role",
    "instructor",
    "--password",
    "teach-me-please",
  );

  await classroom.signIn(page, admin.email, admin.password);
  await page.getByRole("button", { name: "Admin", exact: true }).click();
  await page.getByRole("menuitem", { name: "Bulk import" }).click();
  await page.getByRole("heading", { name: "Bulk import" }).waitFor();

  // First the courses, then a roster whose second and last rows are wrong.
  await page.getByLabel("Or paste the file here").fill(`code,title,term\n${code},Imported course,2026F\n`);
  await page.getByRole("button", { name: "2. Check the file" }).click();
  await page.getByText("1 new").first().waitFor();
  await page.getByRole("button", { name: "Import 1 rows" }).click();
  await page.getByText(/rows imported \(import /).waitFor();

  const student = `kim-${stamp}@school.test`;
  const bad = `이메일,이름,과목코드,역할\n${student},김민준,${code},student\nnot-an-email,Bad,${code},student\nlee-${stamp}@school.test,이서연,${code},owner\n`;
  await page.getByLabel("Or paste the file here").fill(bad);
  await page.getByRole("button", { name: "2. Check the file" }).click();
  const problems = page.getByRole("table", { name: "Problems in the file" });
  await problems.waitFor();
  await expect.poll(() => problems.getByRole("row").count()).toBe(3); // header + 2 problems
  expect(await problems.getByRole("row").nth(1).textContent()).toMatch(/3\s*이메일\s*must be a valid address/);
  expect(await problems.getByRole("row").nth(2).textContent()).toMatch(/4\s*역할\s*must be one of/);
  expect(await page.getByRole("button", { name: /^Import/ }).count()).toBe(0);
  await shot(page, "admin-import-errors");

  await page.getByLabel("Or paste the file here").fill(bad.replace("not-an-email", `park-${stamp}@school.test`).replace(",owner", ",ta"));
  await page.getByRole("button", { name: "2. Check the file" }).click();
  await page.getByText("3 new").first().waitFor();
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  // The job's progress, as the subscription brings it: 3 accounts and 3 enrollments written.
  const progress = page.getByRole("progressbar", { name: "Import progress" });
  await progress.waitFor();
  await page.getByText(/rows imported \(import /).waitFor();
  expect(await progress.getAttribute("aria-valuenow")).toBe("100");
  await page.getByText("6 of 6 records (100 %).").waitFor();
  expect(await page.getByRole("button", { name: "Cancel the import" }).count()).toBe(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the result" }).click();
  const result = await (await download).createReadStream();
  let text = "";
  for await (const chunk of result) text += chunk;
  expect(text).toContain(`user,${student},김민준,,student,new`);
  expect(text).toContain(`enrollment,lee-${stamp}@school.test,,${code},ta,new`);
  await shot(page, "admin-import-done");

  // The new student follows the mailed link, chooses a password and signs in: enrolled in the course.
  const link = await mailedLink(classroom.server, student, "/api/auth/reset-password/");
  const studentPage = await (await classroom.browser.newContext()).newPage();
  await studentPage.goto(link);
  await studentPage.getByLabel("New password").fill("my-own-password-1");
  await studentPage.getByRole("button", { name: "Reset password" }).click();
  await studentPage
    .getByText(/password (is|was) (reset|changed|set)|sign in/i)
    .first()
    .waitFor();
  await classroom.signIn(studentPage, student, "my-own-password-1");
  await studentPage.getByText(code).first().waitFor();
}, 240_000);
