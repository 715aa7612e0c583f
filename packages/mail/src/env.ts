import { z } from "zod";

/** Mail settings, shared by the server and the standalone worker (both send the queued mails). */
export const mailEnvSchema = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { error: "SMTP_URL must start with smtp:// or smtps:// (e.g. smtp://user:pass@mail.example.edu:587)" })
    .optional(),
  MAIL_FROM: z.string().min(3, { error: 'MAIL_FROM must be an address such as "Codeclass <no-reply@school.example>"' }).optional(),
});
export type MailEnv = z.infer<typeof mailEnvSchema>;
