import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings in the header and the page as they are now, one line each ("rule: selector"). */
async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // In the page (this package has no DOM types).
    const g = globalThis as unknown as {
      axe: {
        run: (
          context: unknown,
          options: object,
        ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
      };
    };
    // The header and the page: the toast notifications' close button (no name) is the app frame's, reported apart.
    const { violations } = await g.axe.run({ include: [["header"], ["main"]] }, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
  });
}

test("user admin: search, disable (sign-in refused), enable, impersonate with a banner, stop; the audit log shows it all", async (ctx) => {
  const page = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  ctx.onTestFailed(async () => {
    await shot(page, "admin-users-failure").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  const stamp = Date.now().toString(36);
  const env = classroom.server.env;
  const admin = { email: `ada-${stamp}@school.test`, name: `Ada Admin ${stamp}`, password: "admin-password-1" };
  const student = { email: `sam-${stamp}@school.test`, name: `Sam Student ${stamp}`, password: "student-password-1" };
  await cli(env, "user:create", "--email", admin.email, "--name", admin.name, "--role", "admin", "--password", admin.password);
  await cli(env, "user:create", "--email", student.email, "--name", student.name, "--role", "student", "--password", student.password);
  // The student's course, through the operator's import (courses first, then the roster that enrolls them).
  const code = `USR-${stamp}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "admin-users-"));
  fs.writeFileSync(path.join(dir, "courses.csv"), `code,title,term\n${code},Impersonation course,2026F\n`);
  fs.writeFileSync(path.join(dir, "roster.csv"), `email,name,course,role\n${student.email},${student.name},${code},student\n`);
  await cli(env, "import", path.join(dir, "courses.csv"));
  await cli(env, "import", path.join(dir, "roster.csv"));

  await classroom.signIn(page, admin.email, admin.password);
  await page.getByRole("button", { name: "Admin", exact: true }).click();
  await page.getByRole("menuitem", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users" }).waitFor();

  // Server-side search: one row, the student's.
  await page.getByLabel("Search", { exact: true }).fill(`sam-${stamp}`);
  const users = page.getByRole("table", { name: "Users" });
  await expect.poll(() => users.getByRole("row").count(), { timeout: 10_000 }).toBe(2);
  const row = users.getByRole("row", { name: new RegExp(student.email) });
  await row.waitFor();

  // Disable with a reason: the student cannot sign in.
  await page.getByRole("button", { name: `Actions for ${student.name}` }).click();
  await page.getByRole("menuitem", { name: "Disable…" }).click();
  const dialog = page.getByRole("dialog", { name: `Disable ${student.name}?` });
  await dialog.getByLabel("Reason").fill("Left the school");
  await dialog.getByRole("button", { name: "Disable account" }).click();
  await row.getByText("Disabled", { exact: true }).waitFor();
  await row.getByText("Left the school").waitFor();
  await shot(page, "admin-users-disabled");
  expect(await seriousAxeFindings(page)).toEqual([]);

  const studentPage = await (await classroom.browser.newContext()).newPage();
  await studentPage.goto(`${classroom.server.url}/sign-in`);
  await studentPage.getByLabel("Email").fill(student.email);
  await studentPage.getByLabel("Password", { exact: true }).fill(student.password);
  await studentPage.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => studentPage.getByRole("alert").first().textContent(), { timeout: 10_000 }).toMatch(/banned|disabled/i);
  expect(new URL(studentPage.url()).pathname).toBe("/sign-in");

  // Enable: they may sign in again.
  await page.getByRole("button", { name: `Actions for ${student.name}` }).click();
  await page.getByRole("menuitem", { name: "Enable" }).click();
  await row.getByText("Enabled", { exact: true }).waitFor();
  await classroom.signIn(studentPage, student.email, student.password);

  // Impersonate: every page says so, and shows the student's courses.
  await page.getByRole("button", { name: `Actions for ${student.name}` }).click();
  await page.getByRole("menuitem", { name: "Impersonate" }).click();
  await page.getByRole("heading", { name: "My courses" }).waitFor();
  const banner = page.getByRole("region", { name: "Impersonation" });
  await banner.getByText(`You are signed in as ${student.name} (${student.email})`).waitFor();
  await page.getByText(code).first().waitFor();
  await page.getByRole("link", { name: "Profile" }).first().click();
  await banner.waitFor();
  expect(await page.getByRole("button", { name: "Admin", exact: true }).count()).toBe(0);
  await shot(page, "admin-users-impersonating");

  // Stop: back to the admin's own session, on the users page, without the banner.
  await banner.getByRole("button", { name: "Stop impersonating" }).click();
  await page.getByRole("heading", { name: "Users" }).waitFor();
  await page.getByRole("button", { name: "Admin", exact: true }).waitFor();
  expect(await banner.count()).toBe(0);

  // Every course, enrolled or not: the student's course with its size; archived, restored, opened.
  const adminTabs = page.getByRole("navigation", { name: "Administration" });
  await adminTabs.getByRole("link", { name: "Courses" }).click();
  await page.getByRole("heading", { name: "Courses" }).waitFor();
  await page.getByLabel("Search", { exact: true }).fill(code);
  const courses = page.getByRole("table", { name: "Courses" });
  await expect.poll(() => courses.locator("tbody tr").count(), { timeout: 10_000 }).toBe(1);
  expect(await courses.locator("tbody tr td:nth-child(3)").textContent()).toBe("1");
  await page.getByRole("button", { name: `Archive ${code}` }).click();
  await page
    .getByRole("dialog", { name: `Archive ${code}?` })
    .getByRole("button", { name: "Archive course" })
    .click();
  await page.getByText("No course matches").waitFor();
  await page.getByText("Archived", { exact: true }).click();
  await page.getByRole("button", { name: `Restore ${code}` }).click();
  await page.getByText("No course matches").waitFor();
  await page.getByText("Active", { exact: true }).click();
  await page.getByRole("link", { name: `Open ${code}` }).click();
  await page.getByRole("heading", { name: "Impersonation course" }).waitFor();

  // The audit log names the admin for each step, newest first; its CSV holds them too.
  await page.getByRole("button", { name: "Admin", exact: true }).click();
  await page.getByRole("menuitem", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.getByRole("combobox", { name: "Action", exact: true }).fill("user.");
  const audit = page.getByRole("table", { name: "Audit log" });
  const actionsBy = async (name: string) => {
    const [who, what] = await Promise.all([
      audit.locator("tbody tr td:nth-child(2)").allTextContents(),
      audit.locator("tbody tr td:nth-child(3)").allTextContents(),
    ]);
    return what.filter((_, i) => who[i]?.includes(name));
  };
  await expect
    .poll(async () => (await actionsBy(admin.name)).slice(0, 4), { timeout: 10_000 })
    .toEqual(["user.stopImpersonating", "user.impersonate", "user.enable", "user.disable"]);
  await page.getByRole("combobox", { name: "Action", exact: true }).fill("course.");
  await expect
    .poll(async () => (await actionsBy(admin.name)).slice(0, 2), { timeout: 10_000 })
    .toEqual(["course.restore", "course.archive"]);
  await page.getByRole("combobox", { name: "Action", exact: true }).fill("user.");
  await expect.poll(async () => (await actionsBy(admin.name)).length, { timeout: 10_000 }).toBe(4);
  await shot(page, "admin-users-audit");
  await page.keyboard.press("Escape");
  expect(await seriousAxeFindings(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("time,actor_id,actor_name,actor_email,action,target_type,target_id,course,data");
  expect(csv).toContain(`,${admin.name},${admin.email},user.stopImpersonating,user,`);
}, 240_000);
