import { expect, test } from "vitest";
import { makeCourse, trpcCall } from "../src/api.ts";
import { editorText, shot, useClassroom } from "../src/fixtures.ts";

const classroom = useClassroom();

/** Flat code (no blocks), so typing it in Monaco gives exactly this text. */
const adaCode = [
  "a, b = map(int, input().split())",
  "total = a + b",
  "twice = total * 2",
  "names = ['sum', 'twice']",
  "values = [total, twice]",
  "pairs = list(zip(names, values))",
  "label = 'the sum of ' + str(a) + ' and ' + str(b)",
  "message = label + ' is ' + str(total)",
  // No line ends in a word used before: Enter would take Monaco's suggestion of it instead of a new line.
  "checked = len(message) > 0 and pairs[1][1] == (2 * total)",
  "print(pairs[0][1])",
].join("\n");
/** Ben's: Ada's with the names changed. */
const benCode = adaCode.replaceAll("total", "s").replaceAll("twice", "d").replaceAll("pairs", "rows");

test("students submit from their assignment workspace and see each test's verdict; the instructor ranks the pair who copied first and sees it side by side with the paste", async (ctx) => {
  const stamp = Date.now().toString(36);
  const { course, instructor, students } = await makeCourse(classroom.server, {
    code: `ASG-${stamp}`.toUpperCase(),
    title: "Graded course",
    instructor: { email: `ivy-${stamp}@school.test`, name: "Ivy Instructor", password: "teach-me-please" },
    students: [
      { email: `ada-${stamp}@school.test`, name: "Ada Student", password: "learn-me-please" },
      { email: `ben-${stamp}@school.test`, name: "Ben Student", password: "learn-me-please" },
    ],
  });
  const { id: assignmentId } = await trpcCall(classroom.server.url, instructor.token, "mutation", "assignment.create", {
    courseId: course.id,
    title: "Add two numbers",
    languages: ["python"],
  });
  await trpcCall(classroom.server.url, instructor.token, "mutation", "assignment.setTests", {
    assignmentId,
    tests: [
      { name: "small", stdin: "2 3\n", expected: "5\n", points: 1 },
      { name: "negative", stdin: "-4 1\n", expected: "-3\n", points: 1 },
    ],
  });
  const pages: import("playwright-core").Page[] = [];
  ctx.onTestFailed(async () => {
    for (const [i, p] of pages.entries()) await shot(p, `assignments-failure-${i}`).catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });

  /** A student opens the assignment's workspace, writes `code` (typed, or pasted at once) and submits it. */
  async function submitAs(who: (typeof students)[number], code: string, how: "type" | "paste") {
    const context = await classroom.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: classroom.server.url });
    const page = await context.newPage();
    pages.push(page);
    await classroom.signIn(page, who.email, who.password);
    await page.goto(`${classroom.server.url}/courses/${course.id}/assignments/${assignmentId}`);
    await page.getByRole("link", { name: "Open my workspace" }).click();
    await page.getByLabel("Sync: Saved").first().waitFor({ timeout: 30_000 });
    // The course has no template: the workspace starts empty, with the language's starter on offer.
    await page.getByRole("button", { name: /Add the Python 3.11 starter/ }).click();
    await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 30_000 });
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    if (how === "type") await page.keyboard.type(code);
    else {
      // A real paste: through the clipboard, as Ctrl+V from another window would.
      await page.evaluate((text) => (globalThis as any).navigator.clipboard.writeText(text), code);
      await page.keyboard.press("Control+V");
    }
    await expect.poll(() => editorText(page), { timeout: 20_000 }).toBe(code);
    await page.getByRole("button", { name: "Submit" }).click();
    return page;
  }

  const ada = await submitAs(students[0]!, adaCode, "type");
  // Results stream in as each test finishes: both pass.
  await expect.poll(async () => (await ada.getByText("Accepted").count()) >= 2, { timeout: 60_000 }).toBe(true);
  await ada.getByText("2 / 2").first().waitFor({ timeout: 30_000 });
  await shot(ada, "assignment-results");
  const ben = await submitAs(students[1]!, benCode, "paste");
  await expect.poll(async () => (await ben.getByText("Accepted").count()) >= 2, { timeout: 60_000 }).toBe(true);

  // The instructor compares the final submissions.
  const ivy = await (await classroom.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  pages.push(ivy);
  await classroom.signIn(ivy, instructor.email, instructor.password);
  await ivy.goto(`${classroom.server.url}/courses/${course.id}/assignments/${assignmentId}?tab=similarity`);
  await ivy.getByRole("button", { name: "Compare final submissions" }).click();
  const pairs = ivy.getByRole("table", { name: "Similar pairs of submissions" });
  const row = pairs.getByRole("row", { name: /(Ada Student and Ben Student|Ben Student and Ada Student)/ });
  await row.waitFor({ timeout: 60_000 });
  // Ben pasted his code at once: the edit log flags it beside the pair.
  await row.getByText("Ben Student", { exact: true }).waitFor();
  expect(await row.getByText("Ada Student", { exact: true }).count()).toBe(0);
  await row.getByRole("button", { name: "Side by side" }).click();
  const benSide = ivy.getByRole("group", { name: "Ben Student's submission" });
  await benSide.getByText(/1 large paste/).waitFor();
  await ivy.getByRole("group", { name: "Ada Student's submission" }).getByText("no large pastes", { exact: false }).waitFor();
  // Per matched fragment, the moment it appeared and how: Ben's in one paste, Ada's typed over many edits.
  await benSide
    .getByRole("list", { name: "When each matched fragment appeared" })
    .getByText(/Fragment 1, lines? .*pasted at once/)
    .waitFor();
  await ivy
    .getByRole("group", { name: "Ada Student's submission" })
    .getByRole("list", { name: "When each matched fragment appeared" })
    .getByText(/Fragment 1, lines? .*written over .* in \d+ edits/)
    .waitFor();
  // The matched code is marked on both sides.
  expect(await benSide.locator("mark").count()).toBeGreaterThan(2);
  expect(await ivy.getByRole("group", { name: "Ada Student's submission" }).locator("mark").count()).toBeGreaterThan(2);
  await shot(ivy, "assignment-similarity");
}, 300_000);
