import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { createUser, makeCourse } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";

const classroom = useClassroom();

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe violations inside the section headed `heading` (or the whole <main>), one line each. */
async function axeProblems(page: Page, heading: string | null): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (heading) => {
    // In the page (this package has no DOM types).
    type El = { textContent: string | null; closest(selector: string): unknown };
    const g = globalThis as unknown as {
      document: { querySelector(s: string): unknown; querySelectorAll(s: string): El[] };
      axe: {
        run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { html: string }[] }[] }>;
      };
    };
    const context = heading
      ? [...g.document.querySelectorAll("h2")].find((h) => h.textContent === heading)?.closest("section")
      : g.document.querySelector("main");
    if (!context) return [`no section headed ${heading}`];
    const { violations } = await g.axe.run(context, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.html.slice(0, 160)).join(" | ")}`);
  }, heading);
}

test("an instructor turns the invitation link on; a signed-out student opens it, signs in, comes back, joins and sees the course; a wrong code says what is wrong", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `tess-${stamp}@school.test`, name: "Tess Teacher", password: "teach-me-please" };
  const student = { email: `sam-${stamp}@school.test`, name: "Sam Student", password: "learn-me-please" };
  // The student has an account but is not enrolled: they join through the link.
  await createUser(classroom.server, student, "student");
  const code = `JOIN-${stamp}`.toUpperCase();
  const { course } = await makeCourse(classroom.server, { code, title: "Invited course", instructor: teacher, students: [] });

  const teacherPage = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const studentPage = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  for (const p of [teacherPage, studentPage]) {
    p.on("pageerror", (e) => pageErrors.push(`${e.name}: ${e.message}`));
    p.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  }
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    await shot(teacherPage, "join-failure-teacher").catch(() => {});
    await shot(studentPage, "join-failure-student").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });

  // The instructor turns the link on from the course page and copies it.
  await classroom.signIn(teacherPage, teacher.email, teacher.password);
  await teacherPage.goto(`${classroom.server.url}/courses/${course.id}`);
  const invite = teacherPage.getByRole("region", { name: "Invite students" });
  await invite.getByRole("heading", { name: "Invitation link" }).waitFor();
  await invite.getByRole("switch", { name: "Invitation link on" }).check({ force: true });
  const linkBox = invite.getByRole("textbox", { name: "Invitation link" });
  await linkBox.waitFor();
  const link = await linkBox.inputValue();
  expect(link).toMatch(new RegExp(`^${classroom.server.url}/join/[A-Za-z0-9_-]{32}$`));
  await invite.getByRole("region", { name: "Invitation link" }).getByText("On", { exact: true }).waitFor();
  expect(await invite.getByRole("img", { name: "QR code of the invitation link" }).count()).toBe(1);
  await shot(teacherPage, "join-teacher-link-on");
  expect(await axeProblems(teacherPage, "Invite students")).toEqual([]);

  // Signed out, the link says what it is for and leads to sign-in, then back to itself.
  await studentPage.goto(link);
  await studentPage.getByRole("heading", { name: "Join a course" }).waitFor();
  await studentPage.getByRole("link", { name: "Sign in to join" }).click();
  await studentPage.getByRole("heading", { name: "Sign in" }).waitFor();
  expect(new URL(studentPage.url()).searchParams.get("next")).toBe(new URL(link).pathname);
  await studentPage.getByLabel("Email").fill(student.email);
  await studentPage.getByLabel("Password", { exact: true }).fill(student.password);
  await studentPage.getByRole("button", { name: "Sign in" }).click();

  // Back on the link: the course's preview, then Join opens the course.
  const preview = studentPage.getByRole("region", { name: "The course" });
  await preview.getByRole("heading", { name: "Invited course" }).waitFor();
  expect(studentPage.url()).toBe(link);
  expect(await preview.textContent()).toContain("Taught by Tess Teacher");
  expect(await preview.textContent()).toContain(code);
  await shot(studentPage, "join-student-preview");
  expect(await axeProblems(studentPage, null)).toEqual([]);
  await preview.getByRole("button", { name: "Join Invited course" }).click();
  await studentPage.waitForURL(`${classroom.server.url}/courses/${course.id}`);
  await studentPage.getByRole("heading", { name: "Invited course", level: 1 }).waitFor();

  // A code that is no course's: the field says so and what to do.
  await studentPage.goto(`${classroom.server.url}/join`);
  await studentPage.getByRole("textbox", { name: "Join code" }).fill("zzzz-zzzz");
  await studentPage.getByRole("button", { name: "Find the course" }).click();
  await studentPage.getByText("This code is not the join code of any course: check it with your instructor").waitFor();
  expect(await studentPage.getByRole("region", { name: "The course" }).count()).toBe(0);
  await shot(studentPage, "join-wrong-code");

  // Pasted emails: a bad entry is named by line and nothing is sent; fixed, the counts say what happened.
  await invite.getByRole("tab", { name: "Paste emails" }).click();
  const emails = invite.getByRole("textbox", { name: "Email addresses" });
  await emails.fill(`${student.email}\nnot-an-address`);
  await invite.getByRole("button", { name: "Invite 2 addresses" }).click();
  await invite
    .getByRole("list", { name: "Entries that are not addresses" })
    .getByText(/^Line 2: “not-an-address”/)
    .waitFor();
  await emails.fill(`${student.email}\nnew-${stamp}@school.test`);
  await invite.getByRole("button", { name: "Invite 2 addresses" }).click();
  await invite.getByText("1 invited by mail").waitFor();
  await invite.getByText("1 already in the course").waitFor();
  await shot(teacherPage, "join-teacher-emails");
}, 300_000);
