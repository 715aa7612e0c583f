import { TokenVerifier } from "livekit-server-sdk";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { makeCourse, startSession } from "../src/api.ts";
import { fakeMediaArgs } from "../src/browser.ts";
import { editorText, shot, useClassroom } from "../src/fixtures.ts";
import { drawRectangle } from "../src/whiteboard.ts";

// Video configured, but no media server here: the LiveKit URL is a closed loopback port. The
// prejoin screen and the tokens the browser takes to LiveKit are real; the connection fails.
const livekit = { url: "ws://127.0.0.1:9", key: "e2e-livekit-key", secret: "e2e-livekit-secret-0123456789-0123456789" };
const classroom = useClassroom({
  env: { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.key, LIVEKIT_API_SECRET: livekit.secret },
  chromiumArgs: fakeMediaArgs,
});

/** What Excalidraw has painted on a page's whiteboard (its static canvas as an image). */
const whiteboardPixels = (page: Page) =>
  page.locator(".excalidraw canvas.static").evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());

/** The token a page hands to LiveKit when its person joins the video, verified as LiveKit verifies it. */
async function joinVideo(page: Page) {
  const socket = page.waitForEvent("websocket", { predicate: (ws) => ws.url().startsWith(livekit.url), timeout: 60_000 });
  await page.getByRole("button", { name: "Join the session" }).click();
  const token = new URL((await socket).url()).searchParams.get("access_token");
  expect(token).toBeTruthy();
  return new TokenVerifier(livekit.key, livekit.secret).verify(token!);
}

test("a live class, an instructor and three students: prejoin with a fake camera, chat, the hand queue, a code question answered from the workspace and counted live, a whiteboard stroke another student sees, breakouts with a shared workspace the instructor watches, recall, and the video tokens by role", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `tia-${stamp}@school.test`, name: "Tia Teacher", password: "teach-me-please" };
  const people = ["Ana", "Ben", "Cy"].map((n) => ({
    email: `${n.toLowerCase()}-${stamp}@school.test`,
    name: `${n} Live`,
    password: "learn-me-please",
  }));
  const {
    course,
    instructor: { token },
  } = await makeCourse(classroom.server, {
    code: `LIVE-${stamp}`.toUpperCase(),
    title: "Live class",
    instructor: teacher,
    students: people,
  });
  const session = await startSession(classroom.server.url, token, course.id, "Sums, live");

  const pages: Page[] = [];
  const pageErrors: string[] = [];
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    for (const [n, p] of pages.entries()) await shot(p, `live-class-failure-${n}`).catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  const sessionUrl = `${classroom.server.url}/courses/${course.id}/sessions/${session.id}`;
  for (const person of [teacher, ...people]) {
    const context = await classroom.browser.newContext({ viewport: { width: 1280, height: 1000 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    // Four browsers on a loaded machine: waits get a minute and a half.
    page.setDefaultTimeout(90_000);
    page.on("pageerror", (e) => pageErrors.push(`${person.name}: ${e.name}: ${e.message}`));
    pages.push(page);
    await classroom.signIn(page, person.email, person.password);
    await page.goto(sessionUrl);
  }
  const [t, ana, ben, cy] = pages as [Page, Page, Page, Page];

  // The prejoin screen: the instructor's preview plays Chromium's fake camera; students only watch
  // and listen until staff let them use camera and microphone.
  await expect
    .poll(() => t.locator(".lk-prejoin video").evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth), { timeout: 60_000 })
    .toBeGreaterThan(0);
  for (const s of [ana, ben, cy]) await s.getByText("Students watch and listen in this session").waitFor();
  // The name others see is the account's: nobody has to type one to join.
  await ana.getByText("You join as Ana Live.").waitFor();
  await shot(t, "live-class-prejoin");

  // Chat reaches everyone.
  const box = ben.getByRole("textbox", { name: "Message" });
  await box.fill("Hello from Ben");
  await box.press("Enter");
  for (const p of [t, ana, cy]) await p.getByRole("log", { name: "Chat messages" }).getByText("Hello from Ben").waitFor();

  // The hand queue: first come, first listed; the instructor lowers one, the next is first.
  await cy.getByRole("button", { name: "✋ Raise my hand" }).click();
  await cy.getByText("Your hand is up: you are next.").waitFor();
  await ana.getByRole("button", { name: "✋ Raise my hand" }).click();
  const hands = t.getByRole("table", { name: "Raised hands in order" });
  await hands.getByText("Ana Live").waitFor();
  expect((await hands.locator("tbody tr").allTextContents()).map((r) => r.replace(/Lower.*$/, ""))).toEqual([
    expect.stringContaining("Cy Live"),
    expect.stringContaining("Ana Live"),
  ]);
  await t.getByRole("button", { name: "Lower Cy Live's hand" }).click();
  await cy.getByRole("button", { name: "✋ Raise my hand" }).waitFor();
  await ana.getByText("Your hand is up: you are next.").waitFor();

  // Ana and Ben write a program in their own workspaces (Ana's sums, Ben's does not).
  for (const [p, code] of [
    [ana, "a, b = map(int, input().split())\nprint(a + b)"],
    [ben, "print(0)"],
  ] as const) {
    const ws = await p.context().newPage();
    pages.push(ws);
    await ws.goto(`${classroom.server.url}/courses/${course.id}/workspace`);
    await ws.getByLabel("Sync: Saved").first().waitFor({ timeout: 60_000 });
    await ws.getByRole("button", { name: /Add the Python/ }).click();
    await ws.locator(".monaco-editor .view-lines").first().click();
    await ws.keyboard.press("Control+A");
    await ws.keyboard.press("Delete");
    await ws.keyboard.type(code);
    await expect.poll(() => editorText(ws), { timeout: 30_000 }).toBe(code);
    await ws.getByLabel("Sync: Saved").first().waitFor({ timeout: 30_000 });
    await ws.close();
  }

  // A code question: each answers with a file of their workspace, run against its test in the
  // sandbox; the instructor's counts change live.
  await t.locator(".mantine-SegmentedControl-label", { hasText: /^Code$/ }).click();
  expect(await t.getByRole("radio", { name: "Code" }).isChecked()).toBe(true);
  await t.getByRole("textbox", { name: "Question" }).fill("Print the sum of two numbers");
  await t.getByRole("textbox", { name: "Test 1 input" }).fill("2 3");
  await t.getByRole("textbox", { name: "Test 1 expected output" }).fill("5");
  await t.getByRole("button", { name: "Ask" }).click();
  for (const p of [ana, ben]) {
    const poll = p.getByRole("article", { name: "Print the sum of two numbers" });
    await expect.poll(() => poll.getByLabel("File of your workspace").inputValue(), { timeout: 60_000 }).toBe("main.py");
    await poll.getByRole("button", { name: "Send answer" }).click();
  }
  await ana.getByText("Your answer (main.py): 1 of 1 tests passed ✓").waitFor();
  await ben.getByText("Your answer (main.py): 0 of 1 tests passed").waitFor();
  const counts = t.getByRole("status", { name: "Results of the code question" });
  await counts.getByText("All passed: 1").waitFor();
  await counts.getByText("None: 1").waitFor();
  await shot(t, "live-class-code-poll");

  // The whiteboard: once staff allow it, Ben draws and Cy sees the stroke.
  for (const p of [t, ben, cy]) await p.getByRole("tab", { name: "Whiteboard" }).click();
  for (const p of [t, ben, cy]) await p.locator(".excalidraw canvas.interactive").waitFor({ timeout: 60_000 });
  await t.getByRole("switch", { name: "Students may draw" }).click();
  await ben.getByText("You can draw.").waitFor();
  const before = await whiteboardPixels(cy);
  await drawRectangle(ben, { x: 300, y: 200 });
  await expect.poll(() => whiteboardPixels(cy), { timeout: 30_000 }).not.toBe(before);
  await shot(cy, "live-class-whiteboard-seen");

  // Breakouts: round-robin by name, Ana and Cy in group 1, Ben in group 2. Ana writes in the
  // group's shared workspace; the instructor's view of group 1 follows it and Cy sees it.
  await t.getByLabel("How").selectOption("round-robin");
  await t.getByRole("button", { name: "Split into groups" }).click();
  const groupOne = t.getByRole("listitem", { name: "Group 1" });
  await groupOne.getByText("Ana Live").waitFor();
  await groupOne.getByText("Cy Live").waitFor();
  await t.getByRole("listitem", { name: "Group 2" }).getByText("Ben Live").waitFor();
  await cy.getByRole("list", { name: "Members of group 1" }).getByText("Ana Live").waitFor();
  const anaGroup = ana.getByRole("region", { name: /^Group 1 workspace/ });
  await anaGroup.getByLabel("Sync: Saved").waitFor({ timeout: 60_000 });
  await ana.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(ana, anaGroup), { timeout: 60_000 }).toContain("What is your name?");
  await anaGroup.locator(".monaco-editor .view-lines").first().click();
  await ana.keyboard.press("Control+End");
  await ana.keyboard.press("Enter");
  await ana.keyboard.type("# group one was here");
  await expect.poll(async () => (await groupOne.textContent()) ?? "", { timeout: 60_000 }).toContain("# group one was here");
  await expect
    .poll(() => editorText(cy, cy.getByRole("region", { name: /^Group 1 workspace/ })), { timeout: 60_000 })
    .toContain("# group one was here");
  expect(await ben.getByText("# group one was here").count()).toBe(0);
  await shot(t, "live-class-breakouts");

  // Recall: everyone is back in the main room.
  await t.getByRole("button", { name: "Recall everyone" }).click();
  for (const p of [ana, ben, cy]) await p.getByText("No breakout groups now.").waitFor();
  expect(pageErrors).toEqual([]);

  // The video tokens each browser takes to LiveKit: the instructor a room admin who publishes;
  // a student subscribes only (student media is off), in the session's room, with their name.
  const staffGrant = await joinVideo(t);
  expect(staffGrant.video).toMatchObject({ room: session.id, roomJoin: true, roomAdmin: true, canPublish: true, canSubscribe: true });
  const studentGrant = await joinVideo(ana);
  expect(studentGrant.video).toMatchObject({ room: session.id, roomJoin: true, canSubscribe: true, canPublish: false });
  expect(studentGrant.video?.roomAdmin).toBeFalsy();
  expect(studentGrant.name).toBe("Ana Live");
}, 600_000);
