import { expect, test } from "vitest";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli, mailedLink } from "../src/server.ts";

const classroom = useClassroom();

test("a new student signs up; the instructor creates a course and enrolls them; the student sees it and runs code in it", async () => {
  const stamp = Date.now().toString(36);
  const instructor = { email: `teacher-${stamp}@school.test`, password: "teach-me-please" };
  const student = { name: "Grace Student", email: `grace-${stamp}@school.test`, password: "learn-all-day" };
  const code = `E2E-${stamp}`.toUpperCase();

  // An operator creates the instructor with the CLI.
  const created = await cli(
    classroom.server.env,
    "user:create",
    "--email",
    instructor.email,
    "--name",
    "Tess Teacher",
    "--role",
    "instructor",
    "--password",
    instructor.password,
  );
  expect(created.stdout).toContain(`created instructor ${instructor.email}`);

  // The student signs up in the browser and has no course yet.
  const s = await (await classroom.browser.newContext()).newPage();
  await s.goto(classroom.server.url);
  await expect.poll(() => s.url()).toContain("/sign-in");
  await s.getByRole("link", { name: /create an account/i }).click();
  await s.getByLabel("Name").fill(student.name);
  await s.getByLabel("Email").fill(student.email);
  await s.getByLabel("Password", { exact: true }).fill(student.password);
  await s.getByRole("button", { name: "Sign up" }).click();
  await s.getByRole("heading", { name: "My courses" }).waitFor();
  await s.getByText(/ask your instructor/i).waitFor();
  await s.getByText(/confirm your email address/i).waitFor();
  await shot(s, "student-empty");
  // The student opens the link mailed to them: enrollments count only for a confirmed address.
  await s.goto(await mailedLink(classroom.server, student.email, "/api/auth/verify-email"));
  await s.getByRole("heading", { name: "Your email address is confirmed" }).waitFor();
  await s.goto(classroom.server.url);
  await s.getByRole("heading", { name: "My courses" }).waitFor();

  // The instructor signs in, creates a course, and enrolls the student by email.
  const i = await (await classroom.browser.newContext()).newPage();
  await i.goto(`${classroom.server.url}/sign-in`);
  await i.getByLabel("Email").fill(instructor.email);
  await i.getByLabel("Password", { exact: true }).fill(instructor.password);
  await i.getByRole("button", { name: "Sign in" }).click();
  await i.getByRole("heading", { name: "My courses" }).waitFor();
  await i
    .getByRole("link", { name: /new course/i })
    .first()
    .click();
  await i.getByLabel("Code").fill(code);
  await i.getByLabel("Title").fill("Algorithms in Practice");
  await i.getByLabel("Term").fill("Spring");
  await i.getByRole("button", { name: "Create course" }).click();
  await i.getByRole("heading", { name: "Algorithms in Practice" }).waitFor();
  const enroll = i.getByRole("form", { name: /enroll/i });
  await enroll.getByLabel("Email").fill(student.email);
  await enroll.getByRole("button", { name: "Enroll" }).click();
  await i.getByRole("cell", { name: student.email }).waitFor();
  await shot(i, "instructor-course");

  // The student sees the course, opens it, and sees no roster (students do not).
  await s.reload();
  await s.getByRole("link", { name: "Algorithms in Practice" }).click();
  await s.getByRole("heading", { name: "Algorithms in Practice", level: 1 }).waitFor();
  await s.getByText(code).first().waitFor();
  expect(await s.getByRole("cell", { name: student.email }).count()).toBe(0);
  await shot(s, "student-course");

  // The student runs the Python starter in the real sandbox: its prompt reaches the browser
  // while the program waits for input (so first output arrives before the end), the answer
  // typed in the terminal reaches the program, and the verdict shows.
  await s.getByRole("link", { name: "Run code" }).click();
  await s.getByRole("button", { name: "Run" }).click();
  const terminal = s.locator(".xterm-rows");
  await expect.poll(() => terminal.textContent(), { timeout: 30_000 }).toContain("What is your name?");
  await s.getByLabel("Program terminal: type input for the running program").focus();
  await s.keyboard.type("Grace");
  await s.keyboard.press("Enter");
  const result = s.getByRole("region", { name: "Result of the last run" }).or(s.getByLabel("Result of the last run"));
  await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^OK/);
  await expect.poll(() => terminal.textContent()).toContain("Hello, Grace!");
  await shot(s, "student-run");
}, 180_000);
