import type { TaskPayload } from "@codeclass/jobs";

export interface InvitationMail {
  to: string;
  inviter: string;
  course: { code: string; title: string };
  role: "student" | "ta";
  url: string;
  days: number;
}

/** The queued mail a pasted address without an account gets: @codeclass/mail's course-invitation template and its values. */
export function invitationMail(m: InvitationMail): TaskPayload<"send_email"> {
  return { template: "course-invitation", ...m };
}
