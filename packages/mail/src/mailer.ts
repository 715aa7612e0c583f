import nodemailer from "nodemailer";
import type { MailEnv } from "./env.ts";

/** A message to one recipient: plain text always, HTML beside it when the template has one. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Delivers mail. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Writes each mail to the log: the default when no SMTP server is configured (links appear in the server log). */
export function logMailer(log: { info: (obj: object, msg: string) => void }): Mailer {
  return {
    async send(mail) {
      log.info({ to: mail.to, subject: mail.subject, text: mail.text }, `mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
  };
}

export interface SmtpOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer's connection URL; `?pool=true` keeps connections open). */
  url: string;
  /** The From address, e.g. "Codeclass <no-reply@school.example>". */
  from: string;
}

/**
 * Sends through an SMTP server (nodemailer). A failed delivery throws, so the send_email job is
 * retried by the worker; the error names the server's answer, never the credentials.
 */
export function smtpMailer(options: SmtpOptions): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  return {
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => transport.close(),
  };
}

/** SMTP when SMTP_URL is set, else the log: how the server and the standalone worker pick their mailer. */
export function mailerFromEnv(env: MailEnv, log: { info: (obj: object, msg: string) => void }): Mailer {
  if (!env.SMTP_URL) return logMailer(log);
  return smtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM ?? "Codeclass <no-reply@localhost>" });
}
