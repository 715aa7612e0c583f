import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { expect, test } from "vitest";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

// Issue 11: an accessibility check (axe-core) of the sign-in, course, workbench and review pages,
// in the light and the dark scheme, at 1440×900, each as the person who uses it.

const classroom = useClassroom();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Rules that fail the test at any impact: one <main> per page (issue 11, item 7). */
const alwaysFailing = new Set(["landmark-no-duplicate-main", "landmark-one-main"]);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; returns the violations that fail the test, described one per line. */
async function audit(page: Page, label: string): Promise<string[]> {
  // Through the debugging protocol, so the page's Content-Security-Policy (no inline scripts) allows it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // In the page (this package has no DOM types): axe.run over the whole document.
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: object) => Promise<{ violations: Violation[] }> };
    };
    const result = await g.axe.run(g.document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || alwaysFailing.has(v.id))
    .map(
      (v) =>
        `${label}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `    ${n.target.join(" ")}  ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240)}`,
          )
          .join("\n")}`,
    );
}

async function newPage(browser: Browser, colorScheme: "light" | "dark") {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme, reducedMotion: "reduce" });
  return context.newPage();
}

/** Waits until transitions and late renders have settled (no animation frames to catch mid-fade). */
async function settle(page: Page) {
  await page.waitForTimeout(600);
}

test("sign-in, course, workbench and review pages have no serious or critical axe violations, light and dark", async () => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `a11y-t-${stamp}@school.test`, password: "teach-me-please" };
  const student = { email: `a11y-s-${stamp}@school.test`, password: "learn-all-day" };
  for (const [who, name, role] of [
    [teacher, "Tess Teacher", "instructor"],
    [student, "Grace Student", "student"],
  ] as const) {
    await cli(classroom.server.env, "user:create", "--email", who.email, "--name", name, "--role", role, "--password", who.password);
  }

  // Setup through the UI: the instructor creates a course and enrolls the student.
  const setup = await newPage(classroom.browser, "light");
  await classroom.signIn(setup, teacher.email, teacher.password);
  await setup
    .getByRole("link", { name: /new course/i })
    .first()
    .click();
  await setup.getByLabel("Code").fill(`A11Y-${stamp}`.toUpperCase());
  await setup.getByLabel("Title").fill("Accessible Programming");
  await setup.getByRole("button", { name: "Create course" }).click();
  await setup.getByRole("heading", { name: "Accessible Programming" }).waitFor();
  const courseUrl = setup.url();
  const enroll = setup.getByRole("form", { name: /enroll/i });
  await enroll.getByLabel("Email").fill(student.email);
  await enroll.getByRole("button", { name: "Enroll" }).click();
  await setup.getByRole("cell", { name: student.email }).waitFor();
  await setup.context().close();

  const failures: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    // Sign-in, signed out.
    const guest = await newPage(classroom.browser, scheme);
    await guest.goto(`${classroom.server.url}/sign-in`);
    await guest.getByRole("button", { name: "Sign in" }).waitFor();
    await settle(guest);
    failures.push(...(await audit(guest, `sign-in (${scheme})`)));
    await guest.context().close();

    // The course page, as its instructor (roster, enroll form and all).
    const t = await newPage(classroom.browser, scheme);
    await classroom.signIn(t, teacher.email, teacher.password);
    await t.goto(courseUrl);
    await t.getByRole("cell", { name: student.email }).waitFor();
    await settle(t);
    failures.push(...(await audit(t, `course (${scheme})`)));

    // The workbench, as the student, with a program in the editor.
    const s = await newPage(classroom.browser, scheme);
    await classroom.signIn(s, student.email, student.password);
    await s.goto(`${courseUrl}/workspace`);
    const starter = s.getByRole("button", { name: /starter/i }).first();
    const editor = s.locator(".monaco-editor").first();
    await starter.or(editor).first().waitFor({ timeout: 30_000 });
    if (await starter.isVisible()) await starter.click();
    await editor.waitFor({ timeout: 30_000 });
    await s.locator(".monaco-editor .view-line").first().waitFor();
    await settle(s);
    failures.push(...(await audit(s, `workbench (${scheme})`)));
    await shot(s, `a11y-workbench-${scheme}`);
    // A failed run (input() meets the end of input), so the review card shows its "needs help"
    // badge whatever the timing: the audit below must cover it.
    await s.getByRole("button", { name: "Run", exact: true }).first().click();
    await s.getByText("Waiting for your input", { exact: false }).first().waitFor({ timeout: 30_000 });
    await s.getByRole("button", { name: "Send EOF", exact: true }).first().click();
    await expect.poll(() => s.getByLabel("Result of the last run").first().textContent(), { timeout: 30_000 }).toMatch(/error/i);

    // The review panel, as the instructor, with the student's card in it.
    await t.goto(`${courseUrl}/review`);
    await t.getByText("Grace Student").first().waitFor({ timeout: 30_000 });
    await t.locator("article[data-help]").first().waitFor({ timeout: 30_000 });
    await settle(t);
    failures.push(...(await audit(t, `review (${scheme})`)));
    await shot(t, `a11y-review-${scheme}`);
    await s.context().close();
    await t.context().close();
  }

  if (failures.length) console.log(failures.join("\n"));
  expect(failures, failures.join("\n")).toEqual([]);
}, 300_000);
