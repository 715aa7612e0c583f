import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { accountCreatedMail, mailerFromEnv, resetPasswordMail, smtpMailer } from "../src/index.ts";

/** A real SMTP server on loopback that keeps what it receives, parsed. */
const received: ParsedMail[] = [];
let refuse: string | null = null;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (refuse && address.address === refuse) callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
    else callback();
  },
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (mail) => {
        received.push(mail);
        callback();
      },
      (e: Error) => callback(e),
    );
  },
});
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("a mail goes through a real SMTP server with its text and HTML from one template, names escaped in the HTML", async () => {
  const mailer = smtpMailer({ url, from: "Codeclass <no-reply@school.test>" });
  const link = "http://localhost:3000/api/auth/reset-password/tok123?callbackURL=%2Freset-password";
  await mailer.send(resetPasswordMail({ email: "ada@school.test", name: "Ada <b>Lovelace</b>" }, link));
  mailer.close();
  const mail = received.at(-1)!;
  expect(mail.subject).toBe("Reset your Codeclass password");
  expect(mail.from?.value).toEqual([{ name: "Codeclass", address: "no-reply@school.test" }]);
  expect((mail.to as { text: string }).text).toBe("ada@school.test");
  expect(mail.text).toContain("Hello Ada <b>Lovelace</b>,");
  expect(mail.text).toContain(link);
  expect(mail.html).toContain("Hello Ada &#60;b&#62;Lovelace&#60;/b&#62;,");
  expect(mail.html).toContain(`href="${link}"`);
  expect(mail.html).not.toContain("<b>Lovelace</b>");
});

test("a refused delivery throws (so the send_email job is retried), naming the server's answer", async () => {
  refuse = "gone@school.test";
  const mailer = smtpMailer({ url, from: "no-reply@school.test" });
  const mail = accountCreatedMail(
    { email: "gone@school.test", name: "Gone" },
    "http://localhost:3000/x",
    "http://localhost:3000/sign-in",
    7,
  );
  await expect(mailer.send(mail)).rejects.toThrow(/mailbox unavailable|550/);
  mailer.close();
  refuse = null;
});

test("without SMTP_URL the mailer writes to the log; with it, mail goes to the server", async () => {
  const lines: string[] = [];
  await mailerFromEnv({}, { info: (_o, msg) => lines.push(msg) }).send({ to: "x@school.test", subject: "Hi", text: "Body" });
  expect(lines).toEqual(["mail to x@school.test: Hi\nBody"]);
  const before = received.length;
  await mailerFromEnv({ SMTP_URL: url, MAIL_FROM: "ops@school.test" }, { info: () => {} }).send({
    to: "y@school.test",
    subject: "Hi",
    text: "Body",
  });
  expect(received.length).toBe(before + 1);
  expect(received.at(-1)!.from?.text).toBe("ops@school.test");
});
