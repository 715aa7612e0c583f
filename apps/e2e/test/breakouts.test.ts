import { expect, test } from "vitest";
import { makeCourse, startSession } from "../src/api.ts";
import { editorText, shot, useClassroom } from "../src/fixtures.ts";

const classroom = useClassroom();

test("breakouts: the instructor splits the class on the session page; a student pair-programs in the group's workspace, the instructor watches it live, broadcasts and recalls everyone; then splits by hand", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `bea-${stamp}@school.test`, name: "Bea Teacher", password: "teach-me-please" };
  const ana = { email: `ana-${stamp}@school.test`, name: "Ana Pair", password: "learn-me-please" };
  const ben = { email: `ben-${stamp}@school.test`, name: "Ben Pair", password: "learn-me-please" };
  const {
    course,
    instructor: { token },
  } = await makeCourse(classroom.server, {
    code: `BRK-${stamp}`.toUpperCase(),
    title: "Breakout course",
    instructor: teacher,
    students: [ana, ben],
  });
  const session = await startSession(classroom.server.url, token, course.id, "Pairs");

  const page = async () =>
    (await classroom.browser.newContext({ viewport: { width: 1280, height: 1000 }, reducedMotion: "reduce" })).newPage();
  const [t, a, b] = [await page(), await page(), await page()];
  // Three browsers on a loaded machine: waits get a minute and a half.
  for (const p of [t, a, b]) p.setDefaultTimeout(90_000);
  const pageErrors: string[] = [];
  for (const p of [t, a, b]) p.on("pageerror", (e) => pageErrors.push(`${e.name}: ${e.message}`));
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    await shot(t, "breakouts-failure-teacher").catch(() => {});
    await shot(a, "breakouts-failure-ana").catch(() => {});
    await shot(b, "breakouts-failure-ben").catch(() => {});
  });
  const sessionUrl = `${classroom.server.url}/courses/${course.id}/sessions/${session.id}`;
  await classroom.signIn(t, teacher.email, teacher.password);
  await t.goto(sessionUrl);
  await classroom.signIn(a, ana.email, ana.password);
  await a.goto(sessionUrl);
  await classroom.signIn(b, ben.email, ben.password);
  await b.goto(sessionUrl);
  await a.getByText("No breakout groups now.").waitFor();

  // Round-robin by name into two groups: Ana in group 1, Ben in group 2 (nobody is in the video, so every student is split).
  await t.getByLabel("How").selectOption("round-robin");
  await t.getByRole("button", { name: "Split into groups" }).click();
  const groupOne = t.getByRole("listitem", { name: "Group 1" });
  await groupOne.getByText("Ana Pair").waitFor();
  await t.getByRole("listitem", { name: "Group 2" }).getByText("Ben Pair").waitFor();

  // Ana sees her group and its workspace; Ben sees only his.
  await a.getByText("group 1", { exact: false }).first().waitFor();
  await a.getByRole("list", { name: "Members of group 1" }).getByText("Ana Pair").waitFor();
  await b.getByRole("list", { name: "Members of group 2" }).getByText("Ben Pair").waitFor();
  expect(await b.getByText("Ana Pair").count()).toBe(0);

  await a
    .getByRole("region", { name: /^Group \d+ workspace/ })
    .getByLabel("Sync: Saved")
    .waitFor({ timeout: 30_000 });
  await a.getByRole("button", { name: /Add the Python starter/ }).click();
  await expect.poll(() => editorText(a), { timeout: 60_000 }).toContain("What is your name?");
  await a.locator(".monaco-editor .view-lines").first().click();
  await a.keyboard.press("Control+End");
  await a.keyboard.press("Enter");
  await a.keyboard.type("# ana was here");

  // The instructor's view of group 1 follows it live, and opens the workspace itself.
  await expect.poll(async () => (await groupOne.textContent()) ?? "", { timeout: 60_000 }).toContain("# ana was here");
  await groupOne.getByRole("button", { name: "Open workspace" }).click();
  await expect.poll(() => editorText(t), { timeout: 60_000 }).toContain("# ana was here");

  // A broadcast reaches every group; the timer shows as a countdown.
  await t.getByRole("textbox", { name: "Message to every group" }).fill("Two minutes left");
  await t.getByRole("button", { name: "Broadcast" }).click();
  await a.getByText("Two minutes left").waitFor();
  await b.getByText("Two minutes left").waitFor();
  await t.getByRole("button", { name: "Set timer" }).click();
  await a.getByText(/\d+:\d\d left/).waitFor();

  // Recall: everyone is back in the main room's view.
  await t.getByRole("button", { name: "Recall everyone" }).click();
  await a.getByText("No breakout groups now.").waitFor();
  await b.getByText("No breakout groups now.").waitFor();
  await t.getByRole("button", { name: "Split into groups" }).waitFor();

  // A second round by hand: the form lists the students dealt round-robin; the instructor puts both in group 2.
  await t.getByLabel("How").selectOption("manual");
  await t.getByLabel("Group for Ana Pair").selectOption("2");
  expect(await t.getByLabel("Group for Ben Pair").inputValue()).toBe("2");
  await shot(t, "breakouts-by-hand");
  await t.getByRole("button", { name: "Split into groups" }).click();
  await t.getByRole("listitem", { name: "Group 1" }).getByText("Nobody yet.").waitFor();
  await t.getByText("Split by hand.").waitFor();
  await b.getByRole("list", { name: "Members of group 2" }).getByText("Ana Pair").waitFor();
  await a.getByRole("list", { name: "Members of group 2" }).getByText("Ben Pair").waitFor();
  expect(pageErrors).toEqual([]);
}, 420_000);
