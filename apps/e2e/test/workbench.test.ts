import type { Browser, Page } from "playwright-core";
import { expect, test } from "vitest";
import { editorText, shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();
const consoleLines: string[] = [];

async function newPage(browser: Browser, viewport = { width: 1440, height: 900 }, phone = false): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  return page;
}

/** Replaces the shown file's text as a paste does (typing would trigger the editor's auto-closing). */
async function replaceCode(page: Page, code: string) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+A");
  await page.evaluate((text) => {
    // In the page (this package has no DOM types): a paste event carrying the text, as a real paste does.
    const g = globalThis as any;
    const data = new g.DataTransfer();
    data.setData("text/plain", text);
    g.document.activeElement?.dispatchEvent(new g.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
  // Every line is there (the file's old text may share its first line).
  const lines = code.split("\n").filter((l) => l.trim());
  await expect
    .poll(async () => {
      const now = await editorText(page);
      return lines.every((l) => now.includes(l)) && now.split("\n").filter((l) => l.trim()).length === lines.length;
    })
    .toBe(true);
}

const terminal = (page: Page) => page.locator(".xterm-rows").first();

/** Whether the element's box is inside the viewport (at least 40 px of it). */
async function inView(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.height >= 40 && box.y >= 0 && box.y + 40 <= size.height && box.x >= 0 && box.x + 40 <= size.width;
}

test("the IDE as a full-window workbench: layout, input, errors on their lines, palette, keyboard, panes, side by side, phone", async (ctx) => {
  const pages: Page[] = [];
  ctx.onTestFailed(async () => {
    for (const [n, p] of pages.entries()) await shot(p, `workbench-failure-${n}`).catch(() => {});
    console.log(consoleLines.slice(-40).join("\n"));
    console.log(classroom.server.logs().slice(-3000));
  });
  const stamp = Date.now().toString(36);
  const teacher = { email: `wb-${stamp}@school.test`, password: "teach-me-please" };
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

  const page = await newPage(classroom.browser);
  pages.push(page);
  await classroom.signIn(page, teacher.email, teacher.password);
  await page
    .getByRole("link", { name: /new course/i })
    .first()
    .click();
  await page.getByLabel("Code").fill(`WB-${stamp}`.toUpperCase());
  await page.getByLabel("Title").fill("Workbench");
  await page.getByRole("button", { name: "Create course" }).click();
  await page.getByRole("heading", { name: "Workbench" }).waitFor();
  const courseUrl = page.url();

  // --- The run page at 1440×900: editor and terminal both in view while the program waits for input.
  await page.goto(`${courseUrl}/run`);
  await page.getByRole("button", { name: "Run" }).waitFor();
  await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain("What is your name?");
  // Run from the editor with the keyboard; the focus moves to the terminal, so typing answers the program.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => terminal(page).textContent(), { timeout: 30_000 }).toContain("What is your name?");
  await page.getByText("Waiting for your input", { exact: false }).waitFor({ timeout: 15_000 });
  expect(await inView(page, ".monaco-editor")).toBe(true);
  expect(await inView(page, ".xterm")).toBe(true);
  // The page itself does not scroll: everything is in the window.
  expect(await page.evaluate(() => (globalThis as any).document.scrollingElement.scrollHeight <= (globalThis as any).innerHeight + 1)).toBe(
    true,
  );
  await shot(page, "workbench-desktop-waiting-for-input");
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".xterm"))).toBe(true);
  await page.keyboard.type("Ada");
  await page.keyboard.press("Enter");
  await expect.poll(() => terminal(page).textContent(), { timeout: 30_000 }).toContain("Hello, Ada!");
  expect(await editorText(page)).not.toContain("Ada");
  const result = page.getByRole("region", { name: "Result of the last run" }).or(page.getByLabel("Result of the last run"));
  await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^OK/);
  // At the end the focus is back in the editor.
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".monaco-editor"))).toBe(true);

  // --- The palette runs the program.
  await page.keyboard.press("Control+Shift+P");
  const search = page.getByRole("textbox", { name: "Search actions" });
  await search.waitFor();
  await shot(page, "workbench-palette");
  await search.fill("run the program");
  await page.keyboard.press("Enter");
  // A new run: the old result is gone, the program waits, and the keyboard is in the terminal.
  await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(0);
  await page.locator("[data-waiting]").waitFor({ timeout: 30_000 });
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".xterm"))).toBe(true);
  // Keyboard only: Ctrl+C in the terminal stops it.
  await page.keyboard.press("Control+c");
  await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Stopped/);

  // --- A Python traceback puts a marker on its line, lists it, and links it in the terminal.
  await replaceCode(page, 'print("start")\nx = 1 / 0\nprint(x)\n');
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Runtime error/);
  const problems = page.getByRole("list", { name: "Problems" });
  await problems.getByRole("button", { name: /main\.py line 2/ }).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.locator(".monaco-editor .squiggly-error").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect.poll(() => result.textContent()).toContain("division by zero");
  await shot(page, "workbench-python-traceback");

  // --- A C compile error: the marker is on line 3 of main.c.
  await page.getByRole("combobox", { name: "Language" }).selectOption("c");
  await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain("#include");
  await replaceCode(page, '#include <stdio.h>\nint main(void) {\n  printf("hi")\n  return 0;\n}\n');
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => result.textContent(), { timeout: 60_000 }).toMatch(/^Compile error/);
  await problems
    .getByRole("button", { name: /main\.c line [34]/ })
    .first()
    .waitFor({ timeout: 10_000 });
  await expect.poll(() => page.locator(".monaco-editor .squiggly-error").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  // Clicking the problem puts the cursor on its line.
  await problems
    .getByRole("button", { name: /main\.c line/ })
    .first()
    .click();
  // The cursor moves there once the code pane is shown (a turn later): type only when the editor has the keyboard.
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".monaco-editor"))).toBe(true);
  await page.keyboard.type("/*here*/");
  const markedLine = async () => (await editorText(page)).split("\n").findIndex((l) => l.includes("/*here*/"));
  await expect.poll(markedLine).toBeGreaterThanOrEqual(2);
  expect(await markedLine()).toBeLessThanOrEqual(3);
  await shot(page, "workbench-c-compile-error");
  await page.getByRole("combobox", { name: "Language" }).selectOption("python");

  // --- Keyboard only: open a file from the tree, run, type the input.
  await page.keyboard.press("Control+Shift+E");
  await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute("role"))).toBe("treeitem");
  await page.keyboard.press("Home");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+1");
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".monaco-editor"))).toBe(true);
  await replaceCode(page, 'name = input("Name? ")\nprint("Hi", name)\n');
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => terminal(page).textContent(), { timeout: 30_000 }).toContain("Name?");
  await expect.poll(() => page.evaluate(() => !!(globalThis as any).document.activeElement?.closest(".xterm"))).toBe(true);
  await page.keyboard.type("Bo");
  await page.keyboard.press("Enter");
  await expect.poll(() => terminal(page).textContent(), { timeout: 30_000 }).toContain("Hi Bo");

  // --- Pane sizes survive a reload (the terminal made taller with the keyboard on its separator).
  // Measured at the separator: the terminal pane's top edge (what is inside it varies with the last result).
  const separator = page.getByRole("separator", { name: "Resize the terminal" });
  const terminalTop = async () => (await separator.boundingBox())!.y;
  const before = await terminalTop();
  await separator.focus();
  for (let n = 0; n < 8; n++) await page.keyboard.press("ArrowUp");
  await expect.poll(terminalTop).toBeLessThan(before - 40);
  const resized = await terminalTop();
  await page.reload();
  await page.locator(".xterm").first().waitFor();
  await expect.poll(terminalTop, { timeout: 10_000 }).toBeLessThan(resized + 4);
  expect(await terminalTop()).toBeGreaterThan(resized - 4);

  // --- The workspace: brackets close and Enter indents in the collaborative editor, every time.
  await page.goto(`${courseUrl}/workspace`);
  const mine = page.getByRole("tabpanel", { name: "My workspace" });
  await mine.getByLabel("Sync: Saved").waitFor({ timeout: 30_000 });
  await mine.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(page, mine), { timeout: 20_000 }).toContain("What is your name?");
  for (let n = 0; n < 5; n++) {
    await mine.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    // Back to the top level: the new line may be indented inside the previous function.
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type(`def f${n}(`);
    await expect.poll(() => editorText(page, mine)).toContain(`def f${n}()`);
    await page.keyboard.press("End");
    await page.keyboard.type(":");
    await page.keyboard.press("Enter");
    await page.keyboard.type(`return ${n}`);
    await expect.poll(() => editorText(page, mine)).toContain(`def f${n}():\n    return ${n}`);
  }

  // --- Side by side: the demo beside my code, both editors showing their code.
  await page.getByRole("tab", { name: "Instructor demo" }).click();
  const demo = page.getByRole("tabpanel", { name: "Instructor demo" });
  await demo.getByLabel("Sync: Saved").waitFor({ timeout: 30_000 });
  await demo.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(page, demo), { timeout: 15_000 }).toContain("What is your name?");
  await page.getByRole("tab", { name: "My workspace" }).click();
  await mine.getByRole("tab", { name: "Demo" }).click();
  const beside = mine.getByRole("region", { name: "Instructor demo, beside your code" });
  await expect.poll(() => editorText(page, beside), { timeout: 20_000 }).toContain("What is your name?");
  await expect.poll(() => mine.locator(".monaco-editor").count()).toBe(2);
  expect(await editorText(page, mine)).toContain("def f4():");
  await shot(page, "workbench-side-by-side");

  // --- A phone: one pane at a time with tabs, and Run, Stop and Send EOF buttons; no Ctrl hints.
  const phone = await newPage(classroom.browser, { width: 390, height: 844 }, true);
  pages.push(phone);
  await classroom.signIn(phone, teacher.email, teacher.password);
  await phone.goto(`${courseUrl}/run`);
  const panes = phone.getByRole("tablist", { name: "Panes" });
  await panes.waitFor();
  for (const name of ["Files", "Code", "Terminal", "Problems"]) await panes.getByRole("tab", { name }).waitFor();
  const controls = phone.getByRole("region", { name: "Program controls" });
  for (const name of ["Run", "Stop", "Send EOF"]) expect(await controls.getByRole("button", { name, exact: true }).isVisible()).toBe(true);
  await expect.poll(() => phone.locator(".monaco-editor").isVisible(), { timeout: 20_000 }).toBe(true);
  expect(await phone.locator(".xterm").isVisible()).toBe(false);
  expect(await phone.getByText(/Ctrl/).filter({ visible: true }).count()).toBe(0);
  expect(
    await phone.evaluate(() => (globalThis as any).document.scrollingElement.scrollHeight <= (globalThis as any).innerHeight + 1),
  ).toBe(true);
  await shot(phone, "workbench-phone-code");
  await controls.getByRole("button", { name: "Run", exact: true }).click();
  // Run shows the terminal pane.
  await expect.poll(() => phone.locator(".xterm").isVisible(), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => terminal(phone).textContent(), { timeout: 30_000 }).toContain("What is your name?");
  await controls.getByRole("button", { name: "Send EOF", exact: true }).click();
  await expect.poll(() => phone.getByLabel("Result of the last run").textContent(), { timeout: 30_000 }).toBeTruthy();
  await shot(phone, "workbench-phone-terminal");
}, 300_000);
