import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { editorText, shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();

const pages: Page[] = [];
const consoleLines: string[] = [];

/** A fresh browser context's page, whose console lines are kept for the failure report. */
async function newPage(name: string): Promise<Page> {
  const page = await (await classroom.browser.newContext()).newPage();
  page.on("console", (m) => consoleLines.push(`[${name}] ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`[${name}] pageerror: ${e.message}`));
  pages.push(page);
  return page;
}

test("workspace: live review, co-editing, comments, follow, undo, offline merge, run, history and the demo", async (ctx) => {
  ctx.onTestFailed(async () => {
    for (const [n, p] of pages.entries()) await shot(p, `collab-failure-${n}`).catch(() => {});
    console.log(consoleLines.slice(-40).join("\n"));
    console.log(classroom.server.logs().slice(-4000));
  });
  const stamp = Date.now().toString(36);
  const teacher = { email: `t-${stamp}@school.test`, password: "teach-me-please" };
  const student = { email: `s-${stamp}@school.test`, password: "learn-all-day" };
  await cli(
    classroom.server.env,
    "user:create",
    "--email",
    teacher.email,
    "--name",
    "Tess Teacher",
    "--role",
    "instructor",
    "--password",
    teacher.password,
  );
  await cli(
    classroom.server.env,
    "user:create",
    "--email",
    student.email,
    "--name",
    "Grace Student",
    "--role",
    "student",
    "--password",
    student.password,
  );

  // The instructor creates a course and enrolls the student.
  const i = await newPage("instructor");
  await classroom.signIn(i, teacher.email, teacher.password);
  await i
    .getByRole("link", { name: /new course/i })
    .first()
    .click();
  await i.getByLabel("Code").fill(`COLLAB-${stamp}`.toUpperCase());
  await i.getByLabel("Title").fill("Pair Programming");
  await i.getByRole("button", { name: "Create course" }).click();
  await i.getByRole("heading", { name: "Pair Programming" }).waitFor();
  const courseUrl = i.url();
  const enroll = i.getByRole("form", { name: /enroll/i });
  await enroll.getByLabel("Email").fill(student.email);
  await enroll.getByRole("button", { name: "Enroll" }).click();
  await i.getByRole("cell", { name: student.email }).waitFor();

  // The student opens the workspace, adds the starter program and types a line.
  const s = await newPage("student");
  await classroom.signIn(s, student.email, student.password);
  await s.goto(courseUrl);
  await s.getByRole("link", { name: "Open workspace" }).click();
  await s.getByLabel("Sync: Saved").waitFor({ timeout: 30_000 });
  await s.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(s), { timeout: 20_000 }).toContain("What is your name?");
  await s.locator(".monaco-editor .view-lines").first().click();
  await s.keyboard.press("Control+End");
  await s.keyboard.press("Enter");
  await s.keyboard.type("# grace was here");
  await expect.poll(() => editorText(s)).toContain("# grace was here");
  await s.getByLabel("Sync: Saved").waitFor({ timeout: 15_000 });
  await shot(s, "collab-student-typed");

  // The instructor's review panel shows the student's code live, and that they are typing.
  await i.goto(`${courseUrl}/review`);
  const card = i.getByRole("article", { name: "Grace Student" });
  await card.waitFor({ timeout: 30_000 });
  await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain("# grace was here");
  await s.keyboard.type(" and typing");
  await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain("Typing now");
  await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain("and typing");
  await shot(i, "collab-review-panel");

  // The instructor opens the student full-size and co-edits; the student sees it.
  await card.getByRole("button", { name: "Open Grace Student's workspace" }).click();
  await i.getByRole("heading", { name: "Grace Student’s workspace" }).waitFor();
  await expect.poll(() => editorText(i), { timeout: 20_000 }).toContain("grace was here and typing");
  await i.locator(".monaco-editor .view-lines").first().click();
  await i.keyboard.press("Control+Home");
  await i.keyboard.type("# tess says hi");
  await i.keyboard.press("Enter");
  await expect.poll(() => editorText(s), { timeout: 15_000 }).toContain("# tess says hi");
  // The student sees the instructor's named cursor.
  await expect.poll(() => s.locator(".yRemoteSelectionHead").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await shot(s, "collab-student-sees-instructor");

  // The instructor comments on the first line; the student sees it and resolves it.
  await i.keyboard.press("Control+Home");
  await i.getByRole("button", { name: "Comment on the cursor’s line" }).click();
  await i.getByRole("textbox", { name: /Comment on line 1 of main\.py/ }).fill("Nice start: now greet them twice.");
  await i.getByRole("button", { name: "Add comment" }).click();
  // The student is told at once (a notification with "Show"), and the comment is in the Comments tab.
  await s
    .getByRole("region", { name: /Comments/ })
    .getByText("Nice start: now greet them twice.")
    .waitFor({ timeout: 15_000 });
  await s.getByRole("alert").filter({ hasText: "Tess Teacher commented on main.py line 1" }).waitFor({ timeout: 15_000 });
  await expect.poll(() => s.locator(".codeclass-comment-glyph").count()).toBeGreaterThan(0);
  await shot(s, "collab-student-comment");
  await s.getByRole("button", { name: /Resolve comment on main\.py line 1/ }).click();
  await expect.poll(() => i.getByRole("region", { name: /Comments/ }).textContent(), { timeout: 15_000 }).toContain("0 open");
  await shot(i, "collab-instructor-resolved");

  // Undo is per person: the student's Ctrl+Z takes back the student's last typing, not the instructor's line.
  await s.locator(".monaco-editor .view-lines").first().click();
  await s.keyboard.press("Control+z");
  await expect.poll(() => editorText(s)).not.toContain("and typing");
  // The shortcut went to the collaborative undo manager (Monaco's own undo has no Redo button).
  await expect.poll(() => s.getByRole("button", { name: /^Redo/ }).isEnabled()).toBe(true);
  expect(await editorText(s)).toContain("# tess says hi");
  await expect.poll(() => editorText(i), { timeout: 15_000 }).not.toContain("and typing");

  // Follow mode: the instructor's editor opens whichever file the student opens.
  await i.getByRole("switch", { name: /Follow Grace Student/ }).check();
  await s.getByRole("button", { name: "New file" }).click();
  await s.getByRole("textbox", { name: "File name" }).fill("helpers.py");
  await s.getByRole("button", { name: "Add file" }).click();
  const instructorFile = (name: string) => i.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name, exact: true });
  await expect.poll(() => instructorFile("helpers.py").getAttribute("aria-selected"), { timeout: 15_000 }).toBe("true");
  await s.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name: "main.py", exact: true }).click();
  await expect.poll(() => instructorFile("main.py").getAttribute("aria-selected"), { timeout: 15_000 }).toBe("true");
  await shot(i, "collab-instructor-follows");
  await i.getByRole("switch", { name: /Follow Grace Student/ }).uncheck();

  // Offline, the student keeps typing; the changes wait, then merge when the connection is back.
  await s.context().setOffline(true);
  await s.getByLabel(/^Sync: Offline/).waitFor({ timeout: 45_000 });
  await s.locator(".monaco-editor .view-lines").first().click();
  await s.keyboard.press("Control+End");
  await s.keyboard.press("Enter");
  await s.keyboard.type("# typed offline");
  await s.getByLabel(/^Sync: Offline — \d+ changes? pending/).waitFor({ timeout: 10_000 });
  await shot(s, "collab-student-offline");
  await s.context().setOffline(false);
  await s.getByLabel("Sync: Saved").waitFor({ timeout: 45_000 });
  await expect.poll(() => editorText(i), { timeout: 15_000 }).toContain("# typed offline");

  // The student runs the workspace: the server runs the saved document, and the terminal talks to it.
  await s.getByRole("button", { name: "Run" }).click();
  const terminal = s.locator(".xterm-rows");
  await expect.poll(() => terminal.textContent(), { timeout: 30_000 }).toContain("What is your name?");
  await s.getByLabel("Program terminal: type input for the running program").focus();
  await s.keyboard.type("Grace");
  await s.keyboard.press("Enter");
  await expect.poll(() => terminal.textContent(), { timeout: 30_000 }).toContain("Hello, Grace!");
  await shot(s, "collab-student-run");

  // The instructor runs the student's workspace from the review panel and watches its output.
  await i.getByRole("button", { name: "Run" }).click();
  const instructorTerminal = i.locator(".xterm-rows");
  await expect.poll(() => instructorTerminal.textContent(), { timeout: 30_000 }).toContain("What is your name?");
  await i.getByRole("button", { name: "Stop" }).click();

  // A large paste (one update of 200+ characters) is marked on the history's slider.
  await s.locator(".monaco-editor .view-lines").first().click();
  await s.keyboard.press("Control+End");
  await s.keyboard.press("Enter");
  await s.evaluate(
    (text) => {
      // In the page (this package has no DOM types): a paste event carrying the text, as a real paste does.
      const page = globalThis as any;
      const data = new page.DataTransfer();
      data.setData("text/plain", text);
      page.document.activeElement?.dispatchEvent(
        new page.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    `# ${"pasted ".repeat(40)}`,
  );
  await expect.poll(() => editorText(s)).toContain("pasted pasted");

  // The history replays every saved step: the newest has both people's lines, the first has neither.
  await s.getByLabel("Sync: Saved").waitFor({ timeout: 15_000 });
  await s.getByRole("link", { name: "History" }).click();
  const slider = s.getByRole("slider", { name: "Step in the history" });
  await slider.waitFor({ timeout: 20_000 });
  await s.getByRole("tab", { name: "main.py" }).click();
  // The newest step is the paste: flagged, and marked on the slider's track.
  await s.getByText("Large paste", { exact: true }).waitFor({ timeout: 15_000 });
  expect(await s.locator(".mantine-Slider-mark").count()).toBeGreaterThan(0);
  await expect.poll(() => s.locator("pre").first().textContent(), { timeout: 15_000 }).toContain("# typed offline");
  await slider.focus();
  await s.keyboard.press("Home");
  await expect.poll(() => s.getByText(/^Step/).first().textContent()).toMatch(/Step 1 of/);
  expect(await s.locator("pre").first().textContent()).not.toContain("# tess says hi");
  await shot(s, "collab-history");

  // The instructor's demo: staff write it, students read it beside their own workspace.
  await i.goto(`${courseUrl}/workspace`);
  await i.getByRole("tab", { name: "Instructor demo" }).click();
  const demo = i.getByRole("tabpanel", { name: "Instructor demo" });
  await demo.getByLabel("Sync: Saved").waitFor({ timeout: 30_000 });
  await demo.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(i, demo), { timeout: 15_000 }).toContain("What is your name?");
  await s.goto(`${courseUrl}/workspace`);
  await s.getByRole("tab", { name: "Instructor demo (read-only)" }).click();
  const studentDemo = s.getByRole("tabpanel", { name: /Instructor demo/ });
  await expect.poll(() => editorText(s, studentDemo), { timeout: 20_000 }).toContain("What is your name?");
  expect(await studentDemo.getByRole("button", { name: "New file" }).count()).toBe(0);
  await shot(s, "collab-student-demo");
}, 300_000);
