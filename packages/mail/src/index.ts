export { type MailEnv, mailEnvSchema } from "./env.ts";
export { logMailer, type Mail, type Mailer, mailerFromEnv, type SmtpOptions, smtpMailer } from "./mailer.ts";
export {
  accountCreatedMail,
  type CourseInvitation,
  courseInvitationMail,
  type Recipient,
  resetPasswordMail,
  verifyEmailMail,
} from "./templates.ts";
