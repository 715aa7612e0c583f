/** A message to one recipient. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Delivers mail. Codeclass ships a logging mailer; plug in SMTP or an API here. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Writes each mail to the log: the development default (reset links appear in the server log). */
export function logMailer(log: { info: (obj: object, msg: string) => void }): Mailer {
  return {
    async send(mail) {
      log.info({ to: mail.to, subject: mail.subject, text: mail.text }, `mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
  };
}
