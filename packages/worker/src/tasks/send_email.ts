import type { Mailer } from "@codeclass/auth";
import { taskPayloads } from "@codeclass/jobs";
import type { Task } from "graphile-worker";

/** Delivers one mail through the configured mailer; graphile-worker retries on failure. */
export function sendEmail(mailer: Mailer): Task {
  return async (payload) => {
    const mail = taskPayloads.send_email.parse(payload);
    await mailer.send(mail);
  };
}
