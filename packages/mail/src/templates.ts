import type { Mail } from "./mailer.ts";

/**
 * Every mail the platform sends, one template each: a greeting, paragraphs, one button-like
 * link, and a closing line. The same template gives the plain-text and the HTML body, so the
 * two never say different things. Names and addresses are escaped in the HTML.
 */
interface Template {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action: { label: string; url: string };
  closing: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(to: string, t: Template): Mail {
  const text = [t.greeting, ...t.paragraphs, `${t.action.label}:\n${t.action.url}`, t.closing].join("\n\n");
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e;max-width:36rem">
<p>${escapeHtml(t.greeting)}</p>
${t.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(t.action.url)}" style="display:inline-block;background:#1864ab;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">${escapeHtml(t.action.label)}</a></p>
<p style="font-size:.875rem;color:#495057">Or open this address: ${escapeHtml(t.action.url)}</p>
<p style="font-size:.875rem;color:#495057">${escapeHtml(t.closing)}</p>
</body></html>`;
  return { to, subject: t.subject, text, html };
}

export interface Recipient {
  email: string;
  name: string;
}

/** A password reset the user asked for (better-auth's link, valid an hour). */
export function resetPasswordMail(to: Recipient, url: string): Mail {
  return render(to.email, {
    subject: "Reset your Codeclass password",
    greeting: `Hello ${to.name},`,
    paragraphs: ["Open the link below within an hour to choose a new password."],
    action: { label: "Choose a new password", url },
    closing: "If you did not ask for this, ignore this mail: your password stays as it is.",
  });
}

/** Confirming a new account's address (valid three days). */
export function verifyEmailMail(to: Recipient, url: string): Mail {
  return render(to.email, {
    subject: "Confirm your Codeclass email address",
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `Open the link below within three days to confirm that ${to.email} is yours.`,
      "Courses you are enrolled in open once it is confirmed.",
    ],
    action: { label: "Confirm my address", url },
    closing: "If you did not sign up, ignore this mail.",
  });
}

/** An account an admin made (bulk import): choose a password (the link also confirms the address). */
export function accountCreatedMail(to: Recipient, url: string, signInUrl: string, days: number): Mail {
  return render(to.email, {
    subject: "Your Codeclass account: choose a password",
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `An account on Codeclass was made for you (${to.email}). Open the link below within ${days} days to choose your password.`,
      `Then sign in at ${signInUrl}.`,
    ],
    action: { label: "Choose my password", url },
    closing: "If you did not expect this, ignore this mail.",
  });
}

/** One line: a course title or a name never breaks a header or a sentence. */
const oneLine = (s: string) => s.replace(/[\p{Cc}\s]+/gu, " ").trim();

export interface CourseInvitation {
  inviter: string;
  course: { code: string; title: string };
  role: "student" | "ta";
  url: string;
  days: number;
}

/** A pasted address without an account: its personal invitation link to a course. */
export function courseInvitationMail(to: string, m: CourseInvitation): Mail {
  const course = `${oneLine(m.course.code)} (${oneLine(m.course.title)})`;
  const as = m.role === "ta" ? "a teaching assistant" : "a student";
  const mail = render(to, {
    subject: `Invitation to ${course} on Codeclass`.slice(0, 300),
    greeting: "Hello,",
    paragraphs: [
      `${oneLine(m.inviter)} invited you to join ${course} on Codeclass as ${as}.`,
      `Open the link below within ${m.days} days. Sign up with this address (${to}), or sign in if you already have an account with it: you join the course once your address is confirmed.`,
    ],
    action: { label: "Join the course", url: m.url },
    closing: "If you did not expect this, ignore this mail.",
  });
  return mail;
}
