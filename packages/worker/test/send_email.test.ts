import type { Mail } from "@codeclass/mail";
import type { JobHelpers } from "graphile-worker";
import { expect, test } from "vitest";
import { sendEmail } from "../src/tasks/send_email.ts";

test("send_email renders a template payload (the queued form of a bulk import's mails) into text and HTML", async () => {
  const sent: Mail[] = [];
  const task = sendEmail({ send: async (m) => void sent.push(m) });
  const url = "http://localhost:3000/api/auth/reset-password/abc?callbackURL=%2Freset-password";
  await task(
    { template: "account-created", to: "kim@school.test", name: "김민준", url, signInUrl: "http://localhost:3000/sign-in", days: 7 },
    {} as JobHelpers,
  );
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ to: "kim@school.test", subject: "Your Codeclass account: choose a password" });
  expect(sent[0]!.text).toContain("Hello 김민준,");
  expect(sent[0]!.text).toContain(url);
  expect(sent[0]!.text).toContain("within 7 days");
  expect(sent[0]!.html).toContain(`href="${url}"`);
});

test("send_email refuses a payload that is neither a mail nor a known template (the job fails instead of sending nonsense)", async () => {
  const task = sendEmail({ send: async () => {} });
  await expect(task({ template: "unknown", to: "a@b.org" }, {} as JobHelpers)).rejects.toThrow();
  await expect(task({ to: "not-an-address", subject: "x", text: "y" }, {} as JobHelpers)).rejects.toThrow();
});
