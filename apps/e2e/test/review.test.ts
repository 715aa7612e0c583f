import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFile, filesOf, getFiles, setLanguage } from "@codeclass/workspace-doc";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Page } from "playwright-core";
import { afterAll, expect, test } from "vitest";
import * as Y from "yjs";
import { makeCourse, trpcCall } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();
const studentCount = 40;
const pad = (n: number) => String(n).padStart(2, "0");

/** tRPC over HTTP against this file's server. */
const trpc = (token: string, kind: "query" | "mutation", proc: string, input: unknown) =>
  trpcCall(classroom.server.url, token, kind, proc, input);

/** Resolves once `check` is true, re-checking on every provider event, or fails after `ms`. */
function until(check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(poll);
        reject(new Error(`timed out: ${what}`));
      }
    }, 25);
  });
}

/** A second client of the workspaces: a Hocuspocus provider per document over one socket, as the instructor. */
const sockets: HocuspocusProviderWebsocket[] = [];
const providers: HocuspocusProvider[] = [];
function openDoc(socket: HocuspocusProviderWebsocket, name: string, token: string) {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
  provider.attach();
  providers.push(provider);
  const synced = new Promise<void>((resolve, reject) => {
    provider.on("synced", () => resolve());
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`${name}: refused: ${reason}`)));
  });
  /** Makes an edit and waits until the server has saved it (its log row is committed). */
  const edit = async (change: () => void) => {
    change();
    await until(() => !provider.hasUnsyncedChanges, 15_000, `${name} saved`);
  };
  return { doc, provider, synced, edit };
}
afterAll(() => {
  for (const p of providers) p.destroy();
  for (const s of sockets) s.destroy();
});

const consoleLines: string[] = [];

test("review panel: a class of 40 on one 1440×900 screen, 'needs help' first; history plays and restores as a new edit", async (ctx) => {
  const pages: Page[] = [];
  ctx.onTestFailed(async () => {
    for (const [n, p] of pages.entries()) await shot(p, `review-failure-${n}`).catch(() => {});
    console.log(consoleLines.slice(-40).join("\n"));
    console.log(classroom.server.logs().slice(-4000));
  });
  const env = classroom.server.env;
  const stamp = Date.now().toString(36);
  const teacher = { email: `t-${stamp}@school.test`, name: "Tess Teacher", password: "teach-me-please" };
  const students = Array.from({ length: studentCount }, (_, i) => ({
    n: i + 1,
    name: `Student ${pad(i + 1)}`,
    email: `s${i + 1}-${stamp}@school.test`,
  }));

  // The instructor makes the course (through the API, as the course page does); the class comes
  // in one roster import (the operator CLI), which creates the 40 accounts and enrolls them.
  const courseCode = `REV-${stamp}`.toUpperCase();
  const {
    course,
    instructor: { token },
  } = await makeCourse(classroom.server, { code: courseCode, title: "Big Class", instructor: teacher, students: [] });
  const courseId: string = course.id;
  expect(courseId).toBeTruthy();
  const csv = path.join(os.tmpdir(), `review-roster-${stamp}.csv`);
  fs.writeFileSync(csv, ["email,name,course,role", ...students.map((s) => `${s.email},${s.name},${courseCode},student`)].join("\n"));
  await cli(env, "import", csv, "--kind", "roster");
  fs.rmSync(csv);
  const roster: { userId: string; name: string; workspace: { id: string; documentName: string } }[] = await trpc(
    token,
    "query",
    "workspace.roster",
    { courseId },
  );
  expect(roster).toHaveLength(studentCount);

  // Every student's workspace gets a file of its own, written through the live document.
  const socket = new HocuspocusProviderWebsocket({ url: `${classroom.server.url.replace(/^http/, "ws")}/collab` });
  sockets.push(socket);
  const docs = new Map(roster.map((r) => [r.name, { ...openDoc(socket, r.workspace.documentName, token), workspace: r.workspace }]));
  await Promise.all([...docs.values()].map((d) => d.synced));
  await Promise.all(
    students.map((s) => {
      const d = docs.get(s.name)!;
      return d.edit(() => {
        createFile(d.doc, "main.py", `# ${s.name}\nname = "${pad(s.n)}"\nprint("hello from", name)\n`);
        setLanguage(d.doc, "python");
      });
    }),
  );
  // Student 40 (last by name) writes a program that crashes, and it is run: a failing run.
  const failing = docs.get("Student 40")!;
  await failing.edit(() => getFiles(failing.doc).get("main.py")!.insert(0, 'raise ValueError("stuck")\n'));
  await trpc(token, "mutation", "run.start", { courseId, workspaceId: failing.workspace.id });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const rows: { name: string; lastRun: { verdict: string | null } | null }[] = await trpc(token, "query", "workspace.roster", {
      courseId,
    });
    const verdict = rows.find((r) => r.name === "Student 40")?.lastRun?.verdict;
    if (verdict) {
      expect(verdict).toBe("RUNTIME_ERROR");
      break;
    }
    if (Date.now() > deadline) throw new Error("the failing run did not finish in 90 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  // Student 01's workspace gets a history: version one, then version two, then a few more lines.
  const first = docs.get("Student 01")!;
  const mainOf = (d: { doc: Y.Doc }) => filesOf(d.doc).find((f) => f.path === "main.py")?.content ?? "";
  const v1 = mainOf(first);
  await first.edit(() =>
    first.doc.transact(() => {
      const text = getFiles(first.doc).get("main.py")!;
      const at = text.toString().indexOf('"01"');
      text.delete(at, 4);
      text.insert(at, '"version two"');
    }),
  );
  for (let i = 1; i <= 4; i++) await first.edit(() => getFiles(first.doc).get("main.py")!.insert(mainOf(first).length, `# more ${i}\n`));

  // The review panel at 1440×900: all 40 cards on screen, no scrolling.
  const context = await classroom.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  pages.push(page);
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  await classroom.signIn(page, teacher.email, teacher.password);
  await page.goto(`${classroom.server.url}/courses/${courseId}/review`);
  const grid = page.getByRole("region", { name: "Students" });
  const cards = grid.getByRole("article");
  await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(studentCount);
  // Every thumbnail shows its student's own code, live.
  await expect.poll(() => grid.getByText("Loading…").count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => page.getByRole("article", { name: "Student 07" }).textContent(), { timeout: 15_000 }).toContain('name = "07"');
  const fit = await page.evaluate(() => {
    const w = globalThis as any;
    const boxes = [...w.document.querySelectorAll("[aria-label='Students'] article")].map((el: any) => el.getBoundingClientRect());
    return {
      scrollHeight: w.document.scrollingElement.scrollHeight as number,
      scrollWidth: w.document.scrollingElement.scrollWidth as number,
      innerHeight: w.innerHeight as number,
      innerWidth: w.innerWidth as number,
      outside: boxes.filter((b: any) => b.top < 0 || b.left < 0 || b.bottom > w.innerHeight || b.right > w.innerWidth).length,
      count: boxes.length,
    };
  });
  expect(fit).toMatchObject({ count: studentCount, outside: 0 });
  expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
  await shot(page, "review-panel-40-students");

  // "Needs help first" (the default order) puts the student whose run failed first, and says why.
  const firstCard = cards.first();
  await expect
    .poll(() => firstCard.getAttribute("aria-labelledby").then((id) => page.locator(`[id="${id}"]`).textContent()))
    .toBe("Student 40");
  const open40 = firstCard.getByRole("button", { name: "Open Student 40's workspace" });
  expect(await open40.getAttribute("aria-describedby")).toBeTruthy();
  const description = await page.locator(`[id="${await open40.getAttribute("aria-describedby")}"]`).textContent();
  expect(description).toMatch(/^Needs help score \d+: last run failed: Runtime error \(\+40\)/);
  expect(await firstCard.textContent()).toContain("Runtime error");
  // The other sorts stay: by name, Student 01 comes first.
  await page.getByLabel("Sort by").first().click();
  await page.getByRole("option", { name: "Name" }).click();
  await expect.poll(() => cards.first().getByRole("button").first().getAttribute("aria-label")).toBe("Open Student 01's workspace");
  // J moves the selection (and the focus) to the next student.
  await page.locator("body").click({ position: { x: 5, y: 890 } });
  await page.keyboard.press("j");
  await expect
    .poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute("aria-label")))
    .toBe("Open Student 02's workspace");

  // Enter opens the selected student full-window: their IDE fills the window, the page does not scroll.
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Student 02’s workspace" }).waitFor({ timeout: 20_000 });
  const editor = page.locator(".monaco-editor").first();
  await editor.waitFor({ timeout: 30_000 });
  await expect.poll(() => editor.textContent(), { timeout: 15_000 }).toMatch(/name\s=\s"02"/);
  await page.locator(".xterm").first().waitFor({ timeout: 20_000 });
  // The same workbench as the student's: the editor and the terminal both on screen, whole.
  const full = await page.evaluate(() => {
    const w = globalThis as any;
    const inView = (selector: string) => {
      const b = w.document.querySelector(selector).getBoundingClientRect();
      return b.height > 40 && b.top >= 0 && b.left >= 0 && b.bottom <= w.innerHeight && b.right <= w.innerWidth;
    };
    return {
      scrollHeight: w.document.scrollingElement.scrollHeight,
      innerHeight: w.innerHeight,
      editor: inView(".monaco-editor"),
      terminal: inView(".xterm"),
    };
  });
  expect(full).toMatchObject({ editor: true, terminal: true });
  expect(full.scrollHeight).toBeLessThanOrEqual(full.innerHeight);
  await shot(page, "review-full-view");

  // History: play advances the shown version; restore brings an old one back as a new edit.
  await page.goto(`${classroom.server.url}/courses/${courseId}/workspaces/${first.workspace.id}/history`);
  const stepText = page.getByText(/^Step \d+ of \d+/).first();
  await expect.poll(() => stepText.textContent(), { timeout: 20_000 }).toMatch(/^Step (\d+) of \1\b/);
  const total = Number((await stepText.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(6);
  const code = page.locator("pre").first();
  await expect.poll(() => code.textContent()).toContain("# more 4");
  const slider = page.getByRole("slider", { name: "Step in the history" });
  await slider.focus();
  await page.keyboard.press("Home");
  await expect.poll(() => stepText.textContent()).toMatch(/^Step 1 of/);
  await expect.poll(() => code.textContent()).toContain('name = "01"');
  await page.getByRole("button", { name: "Play" }).click();
  await expect.poll(() => stepText.textContent().then((t) => Number(t!.match(/^Step (\d+)/)![1])), { timeout: 10_000 }).toBeGreaterThan(1);
  await expect.poll(() => code.textContent(), { timeout: 10_000 }).toContain("version two");
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Play" }).waitFor();
  await shot(page, "review-history-playing");
  // Back to the first version, and restore it.
  await slider.focus();
  await page.keyboard.press("Home");
  await expect.poll(() => code.textContent()).not.toContain("version two");
  await page.getByRole("button", { name: "Restore this version" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore the version of step 1/ });
  await dialog.getByText("Changed: main.py").waitFor();
  await shot(page, "review-history-restore-confirm");
  await dialog.getByRole("button", { name: "Restore", exact: true }).click();
  await dialog.waitFor({ state: "hidden", timeout: 15_000 });
  // The second client sees the old version, live.
  await until(() => mainOf(first) === v1, 15_000, "the restored version reaches the other client");
  // The restore is the newest step of the history, by the instructor, showing the restored code.
  await expect
    .poll(() => stepText.textContent(), { timeout: 15_000 })
    .toMatch(new RegExp(`^Step ${total + 1} of ${total + 1}.*by Tess Teacher`));
  expect(await code.textContent()).not.toContain("version two");
  await shot(page, "review-history-restored");
}, 400_000);
