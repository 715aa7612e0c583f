import type { TaskPayload } from "@codeclass/jobs";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** One line: a course title or a name never breaks a header or a sentence. */
const oneLine = (s: string) => s.replace(/[\p{Cc}\s]+/gu, " ").trim();

export interface InvitationMail {
  to: string;
  inviter: string;
  course: { code: string; title: string };
  role: "student" | "ta";
  url: string;
  days: number;
}

/** The mail a pasted address without an account gets: its personal invitation link (text and HTML say the same). */
export function invitationMail(m: InvitationMail): TaskPayload<"send_email"> {
  const course = `${oneLine(m.course.code)} (${oneLine(m.course.title)})`;
  const as = m.role === "ta" ? "a teaching assistant" : "a student";
  const paragraphs = [
    `${oneLine(m.inviter)} invited you to join ${course} on Codeclass as ${as}.`,
    `Open the link below within ${m.days} days. Sign up with this address (${m.to}), or sign in if you already have an account with it: you join the course once your address is confirmed.`,
  ];
  const closing = "If you did not expect this, ignore this mail.";
  const text = ["Hello,", ...paragraphs, `Join the course:\n${m.url}`, closing].join("\n\n");
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e;max-width:36rem">
<p>Hello,</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(m.url)}" style="display:inline-block;background:#1864ab;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">Join the course</a></p>
<p style="font-size:.875rem;color:#495057">Or open this address: ${escapeHtml(m.url)}</p>
<p style="font-size:.875rem;color:#495057">${escapeHtml(closing)}</p>
</body></html>`;
  return { to: m.to, subject: `Invitation to ${course} on Codeclass`.slice(0, 300), text, html };
}
