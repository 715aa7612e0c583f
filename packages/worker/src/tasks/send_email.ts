import { taskPayloads } from "@codeclass/jobs";
import { accountCreatedMail, courseInvitationMail, type Mail, type Mailer } from "@codeclass/mail";
import type { Task } from "graphile-worker";

/** Delivers one mail (rendering its template, if it names one) through the configured mailer; graphile-worker retries on failure. */
export function sendEmail(mailer: Mailer): Task {
  return async (payload) => {
    const job = taskPayloads.send_email.parse(payload);
    let mail: Mail;
    if (!("template" in job)) mail = job;
    else if (job.template === "account-created")
      mail = accountCreatedMail({ email: job.to, name: job.name }, job.url, job.signInUrl, job.days);
    else mail = courseInvitationMail(job.to, job);
    await mailer.send(mail);
  };
}
