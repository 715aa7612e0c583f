import { expect, test } from "vitest";
import { makeCourse } from "../src/api.ts";
import { shot, useClassroom } from "../src/fixtures.ts";

const classroom = useClassroom();

test("an instructor schedules and starts a session from the course page; a student sees it live, opens it and is told how video is enabled; ending it ends it for the student", async (ctx) => {
  const stamp = Date.now().toString(36);
  const teacher = { email: `lena-${stamp}@school.test`, name: "Lena Lecturer", password: "teach-me-please" };
  const student = { email: `sid-${stamp}@school.test`, name: "Sid Student", password: "learn-me-please" };
  const { course } = await makeCourse(classroom.server, {
    code: `LIVE-${stamp}`.toUpperCase(),
    title: "Live course",
    instructor: teacher,
    students: [student],
  });

  const teacherPage = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const studentPage = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const pageErrors: string[] = [];
  for (const p of [teacherPage, studentPage]) p.on("pageerror", (e) => pageErrors.push(`${e.name}: ${e.message}`));
  ctx.onTestFailed(async () => {
    console.log(`browser errors:\n${pageErrors.join("\n")}`);
    await shot(teacherPage, "live-session-failure-teacher").catch(() => {});
    await shot(studentPage, "live-session-failure-student").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });

  // The instructor schedules a session with the form on the course page, opens it and starts it.
  await classroom.signIn(teacherPage, teacher.email, teacher.password);
  await teacherPage.goto(`${classroom.server.url}/courses/${course.id}`);
  const sessions = teacherPage.getByRole("region", { name: "Live sessions" });
  await sessions.getByRole("button", { name: "Schedule a session" }).click();
  const form = teacherPage.getByRole("form", { name: "Schedule a live session" });
  await form.getByLabel("Title").fill("Recursion, live");
  await form.getByLabel("Minutes").fill("45");
  await form.getByRole("button", { name: "Schedule" }).click();
  await sessions.getByText("Recursion, live").waitFor();
  await sessions.getByRole("link", { name: "Open Recursion, live" }).click();
  await teacherPage.getByText("Not started yet").waitFor();
  await teacherPage.getByRole("button", { name: "Start session" }).click();
  await teacherPage.getByText("Video is not configured on this server").waitFor();
  await teacherPage.getByRole("heading", { name: "Attendance" }).waitFor();

  // The student sees it live on the course page and joins; the video area says how to enable video.
  await classroom.signIn(studentPage, student.email, student.password);
  await studentPage.goto(`${classroom.server.url}/courses/${course.id}`);
  await studentPage.getByRole("link", { name: "Join Recursion, live" }).click();
  await studentPage.getByText("Video is not configured on this server").waitFor();
  expect(await studentPage.getByText("livekit-server --dev").count()).toBe(1);
  expect(await studentPage.getByRole("button", { name: "Start session" }).count()).toBe(0);
  expect(await studentPage.getByRole("heading", { name: "Attendance" }).count()).toBe(0);

  // Ending it for everyone (confirmed) ends it on the student's page too.
  await teacherPage.getByRole("button", { name: "End for everyone" }).click();
  await teacherPage.getByRole("dialog").getByRole("button", { name: "End session" }).click();
  await teacherPage.getByText("This session has ended").waitFor();
  await studentPage.getByText("This session has ended").waitFor({ timeout: 20_000 });
  expect(pageErrors).toEqual([]);
}, 300_000);
