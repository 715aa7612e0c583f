import { describe, expect, test } from "vitest";
import { browser, mailTo, signUpVerified, useServer, verifyEmailByMail } from "./helpers.ts";

const server = useServer();
const base = () => server.url;
let n = 0;
const newEmail = (who: string) => `${who}${Date.now().toString(36)}${n++}@school.test`;

/** A verified instructor (real HTTP sign-up and mailed link) with a fresh course. */
async function instructorWithCourse() {
  const teacher = browser(base);
  const email = newEmail("teacher");
  await signUpVerified(server, teacher, { name: "Teacher", email, password: "teach-me-please" });
  await server.platform.db.$client`update "user" set role = 'instructor' where email = ${email}`;
  const created = await teacher.mutate("course.create", { code: `EV-${Date.now().toString(36)}${n++}`, title: "Verified only" });
  expect(created.status).toBe(200);
  return { teacher, courseId: created.body.result!.data.json.id as string };
}

describe("enrollment takes effect only once the member's email is verified", () => {
  test("an unverified squatter enrolled as TA gets FORBIDDEN everywhere; after verifying through the mailed link, access works", async () => {
    const { teacher, courseId } = await instructorWithCourse();
    // Someone signs up first with the address the instructor will enroll, and never verifies it.
    const taEmail = newEmail("ta");
    const squatter = browser(base);
    expect(
      (
        await squatter.post("/api/auth/sign-up/email", {
          name: "Not The TA",
          email: taEmail,
          password: "i-am-not-the-ta",
          callbackURL: "/verify-email",
        })
      ).status,
    ).toBe(200);

    // The instructor may enroll before the address is verified; the result says it is pending.
    const added = await teacher.mutate("enrollment.add", { courseId, email: taEmail, role: "ta" });
    expect(added.status).toBe(200);
    expect(added.body.result!.data.json).toMatchObject({ email: taEmail, role: "ta", emailVerified: false });
    const roster = await teacher.query("enrollment.roster", { courseId });
    expect(roster.body.result!.data.json.find((r: { email: string }) => r.email === taEmail)).toMatchObject({ emailVerified: false });

    for (const [proc, input] of [
      ["course.get", { courseId }],
      ["enrollment.roster", { courseId }],
      ["workspace.roster", { courseId }],
      ["workspace.getOrCreate", { courseId }],
      ["workspace.getOrCreateDemo", { courseId }],
    ] as const) {
      const res = await squatter.query(proc, input);
      expect(res.body.error?.json.data.code, proc).toBe("FORBIDDEN");
    }
    expect((await squatter.query("course.listMine", {})).body.result!.data.json).toEqual([]);

    // The mailbox's owner opens the link: the enrollment now counts.
    const landed = await verifyEmailByMail(server, taEmail);
    expect(landed.pathname).toBe("/verify-email");
    expect((await squatter.query("course.get", { courseId })).body.result!.data.json.myRole).toBe("ta");
    expect((await squatter.query("enrollment.roster", { courseId })).status).toBe(200);
    expect((await squatter.query("workspace.roster", { courseId })).status).toBe(200);
    expect((await squatter.query("course.listMine", {})).body.result!.data.json.map((c: { id: string }) => c.id)).toEqual([courseId]);
    const after = await teacher.query("enrollment.roster", { courseId });
    expect(after.body.result!.data.json.find((r: { email: string }) => r.email === taEmail)).toMatchObject({ emailVerified: true });
  });

  test("the link returns to where the reader was going when they signed up (a join link)", async () => {
    const b = browser(base);
    const email = newEmail("joiner");
    const callbackURL = `/verify-email?next=${encodeURIComponent("/join/abc123")}`;
    expect((await b.post("/api/auth/sign-up/email", { name: "Joiner", email, password: "join-me-later", callbackURL })).status).toBe(200);
    const landed = await verifyEmailByMail(server, email);
    expect(landed.pathname).toBe("/verify-email");
    expect(landed.searchParams.get("next")).toBe("/join/abc123");
  });

  test("the verification mail can be sent again; a tampered link is refused", async () => {
    const b = browser(base);
    const email = newEmail("resend");
    expect((await b.post("/api/auth/sign-up/email", { name: "Resender", email, password: "send-it-again" })).status).toBe(200);
    await mailTo(server, email, /verify-email\?token=/);
    const before = server.outbox.filter((m) => m.to === email).length;
    expect((await b.post("/api/auth/send-verification-email", { email, callbackURL: "/verify-email" })).status).toBe(200);
    await mailTo(server, email, /verify-email\?token=/);
    await expect.poll(() => server.outbox.filter((m) => m.to === email).length, { timeout: 10_000 }).toBe(before + 1);

    const link = server.outbox.findLast((m) => m.to === email)!.text.match(/https?:\/\/\S+verify-email\S+/)![0];
    const forged = link.replace(/token=([^&.]+)\.([^&.]+)\.([^&]+)/, (_m, h, p) => `token=${h}.${p}.forgedsignature`);
    const refused = await fetch(forged, { redirect: "manual" });
    expect(refused.status).toBe(302);
    expect(new URL(refused.headers.get("location")!, base()).searchParams.get("error")).toBe("INVALID_TOKEN");
    const [row] = await server.platform.db.$client`select email_verified from "user" where email = ${email}`;
    expect(row!.email_verified).toBe(false);
  });

  test("a successful password reset proves the mailbox: the address becomes verified and the enrollment counts", async () => {
    const { teacher, courseId } = await instructorWithCourse();
    const email = newEmail("student");
    const b = browser(base);
    expect((await b.post("/api/auth/sign-up/email", { name: "Forgetful", email, password: "first-password" })).status).toBe(200);
    await teacher.mutate("enrollment.add", { courseId, email });
    expect((await b.query("course.get", { courseId })).body.error?.json.data.code).toBe("FORBIDDEN");

    expect((await b.post("/api/auth/request-password-reset", { email, redirectTo: "/reset-password" })).status).toBe(200);
    const mail = await mailTo(server, email, /reset-password/);
    const hop = await fetch(mail.text.match(/https?:\/\/\S+/)![0], { redirect: "manual" });
    const token = new URL(hop.headers.get("location")!, base()).searchParams.get("token")!;
    expect((await b.post("/api/auth/reset-password", { newPassword: "second-password", token })).status).toBe(200);

    const [row] = await server.platform.db.$client`select email_verified from "user" where email = ${email}`;
    expect(row!.email_verified).toBe(true);
    const again = browser(base);
    expect((await again.post("/api/auth/sign-in/email", { email, password: "second-password" })).status).toBe(200);
    expect((await again.query("course.get", { courseId })).body.result!.data.json.myRole).toBe("student");
  });
});

test("an instructor whose address is not verified cannot create a course they could not open", async () => {
  const b = browser(base);
  const email = newEmail("unverified-teacher");
  expect((await b.post("/api/auth/sign-up/email", { name: "Teacher", email, password: "teach-me-please" })).status).toBe(200);
  await server.platform.db.$client`update "user" set role = 'instructor' where email = ${email}`;
  const refused = await b.mutate("course.create", { code: `UV-${Date.now().toString(36)}`, title: "Too early" });
  expect(refused.status).toBe(403);
  expect(refused.body.error!.json.message).toMatch(/Confirm your email address first/);
  await verifyEmailByMail(server, email);
  expect((await b.mutate("course.create", { code: `UV-${Date.now().toString(36)}x`, title: "Now" })).status).toBe(200);
});
