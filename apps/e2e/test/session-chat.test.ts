import { expect, test } from "vitest";
import { makeCourse, startSession, trpcCall } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";

const classroom = useClassroom();

test("in a live session a student chats (a safe link, a private question), raises a hand and reacts; the instructor sees it all live, deletes a message and lowers every hand", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `cara-${stamp}@school.test`, name: "Cara Coach", password: "teach-me-please" };
  const student = { email: `sol-${stamp}@school.test`, name: "Sol Student", password: "learn-me-please" };
  const {
    course,
    instructor: { token },
  } = await makeCourse(classroom.server, {
    code: `CHAT-${stamp}`.toUpperCase(),
    title: "Chat course",
    instructor: teacher,
    students: [student],
  });
  const session = await startSession(classroom.server.url, token, course.id, "Loops, live");
  await trpcCall(classroom.server.url, token, "mutation", "chat.send", { sessionId: session.id, body: "Welcome, everyone" });

  const teacherPage = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const studentPage = await (
    await classroom.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" })
  ).newPage();
  const pageErrors: string[] = [];
  for (const p of [teacherPage, studentPage]) p.on("pageerror", (e) => pageErrors.push(`${e.name}: ${e.message}`));
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    await shot(teacherPage, "session-chat-failure-teacher").catch(() => {});
    await shot(studentPage, "session-chat-failure-student").catch(() => {});
  });
  const sessionUrl = `${classroom.server.url}/courses/${course.id}/sessions/${session.id}`;
  await classroom.signIn(teacherPage, teacher.email, teacher.password);
  await teacherPage.goto(sessionUrl);
  await classroom.signIn(studentPage, student.email, student.password);
  await studentPage.goto(sessionUrl);

  // History on join, then a message sent with Enter: plain text, the link clickable and safe.
  const studentLog = studentPage.getByRole("log", { name: "Chat messages" });
  const teacherLog = teacherPage.getByRole("log", { name: "Chat messages" });
  await studentLog.getByText("Welcome, everyone").waitFor();
  const box = studentPage.getByRole("textbox", { name: "Message" });
  await box.fill("<b>hi</b> see https://example.com/loops. javascript:alert(1)");
  await box.press("Enter");
  await teacherLog.getByText("<b>hi</b> see", { exact: false }).waitFor();
  const link = teacherLog.getByRole("link", { name: "https://example.com/loops" });
  expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
  expect(await link.getAttribute("target")).toBe("_blank");
  expect(await teacherLog.locator("b").count()).toBe(0);
  expect(await teacherLog.getByRole("link").count()).toBe(1);
  // The box empties when the sender's own send is answered, which may come after the others see the message.
  await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toBe("");

  // A private question reaches the instructor, marked as such.
  await studentPage.getByRole("switch", { name: "Private to staff" }).check({ force: true });
  await box.fill("I do not get while loops");
  await box.press("Enter");
  await teacherLog.getByText("I do not get while loops").waitFor();
  await teacherLog.getByText("to staff only").waitFor();

  // Staff delete a message; it stays for the student as deleted.
  await teacherLog.getByRole("button", { name: "Delete the message from Sol Student" }).first().click();
  await teacherPage.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await studentLog.getByText("Message deleted by staff").waitFor();

  // A raised hand is in the instructor's queue; lowering all lowers it for the student.
  await studentPage.getByRole("button", { name: "✋ Raise my hand" }).click();
  await studentPage.getByText("Your hand is up: you are next.").waitFor();
  const hands = teacherPage.getByRole("table", { name: "Raised hands in order" });
  await hands.getByText("Sol Student").waitFor();
  await teacherPage.getByRole("button", { name: "Lower all hands" }).click();
  await studentPage.getByRole("button", { name: "✋ Raise my hand" }).waitFor();

  // A reaction floats over the instructor's page.
  await studentPage.getByRole("button", { name: "React with applause" }).click();
  await teacherPage.getByText("👏", { exact: true }).first().waitFor();
  expect(pageErrors).toEqual([]);
}, 300_000);
