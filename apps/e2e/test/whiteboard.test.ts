import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import * as Y from "yjs";
import { makeCourse, startSession } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";
import { drawRectangle } from "../src/whiteboard.ts";

const classroom = useClassroom();

test("the whiteboard tab loads Excalidraw (0.18 with y-excalidraw): the instructor's rectangle reaches the Yjs document; a student draws only once allowed", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `wb-t-${stamp}@school.test`, name: "Wanda Board", password: "teach-me-please" };
  const student = { email: `wb-s-${stamp}@school.test`, name: "Sam Sketch", password: "learn-me-please" };
  const { course, instructor } = await makeCourse(classroom.server, {
    code: `WB-${stamp}`.toUpperCase(),
    title: "Whiteboard course",
    instructor: teacher,
    students: [student],
  });
  const url = classroom.server.url;
  const session = await startSession(url, instructor.token, course.id, "Drawing");

  // A real provider watching the whiteboard document, as a third party (the instructor's token).
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: `${url.replace(/^http/, "ws")}/collab` });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: `whiteboard:${session.id}`,
    document: doc,
    token: instructor.token,
  });
  provider.attach();
  const elements = () =>
    doc
      .getArray<Y.Map<{ type: string; isDeleted: boolean }>>("elements")
      .toArray()
      .map((m) => m.get("el")!);

  const pages: Page[] = [];
  const pageErrors: string[] = [];
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    for (const [n, p] of pages.entries()) await shot(p, `whiteboard-failure-${n}`).catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  try {
    for (const person of [teacher, student]) {
      const page = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      page.on("pageerror", (e) => pageErrors.push(`${e.name}: ${e.message}`));
      await classroom.signIn(page, person.email, person.password);
      await page.goto(`${url}/courses/${course.id}/sessions/${session.id}`);
      await page.getByRole("tab", { name: "Whiteboard" }).click();
      await page.locator(".excalidraw canvas.interactive").waitFor({ timeout: 60_000 });
      pages.push(page);
    }
    const [t, s] = pages as [Page, Page];
    await t.getByText("You can draw.").waitFor();
    await s.getByText("Only staff draw now").waitFor();

    await drawRectangle(t, { x: 300, y: 200 });
    await expect.poll(() => elements().filter((e) => e.type === "rectangle").length, { timeout: 10_000 }).toBe(1);

    // Not allowed: the student's page is in view mode; a drag draws nothing anywhere.
    await drawRectangle(s, { x: 500, y: 300 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(elements()).toHaveLength(1);

    await t.getByRole("switch", { name: "Students may draw" }).click();
    await s.getByText("You can draw.").waitFor({ timeout: 20_000 });
    await drawRectangle(s, { x: 500, y: 300 });
    await expect.poll(() => elements().filter((e) => e.type === "rectangle" && !e.isDeleted).length, { timeout: 10_000 }).toBe(2);
    await shot(t, "whiteboard-instructor");
    expect(pageErrors).toEqual([]);
  } finally {
    provider.destroy();
    socket.destroy();
  }
}, 420_000);
