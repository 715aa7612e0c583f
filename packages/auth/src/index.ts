export { type Auth, type AuthOptions, clientIpHeader, createAuth } from "./auth.ts";
export { credentialHeaders } from "./credentials.ts";
export { logMailer, type Mail, type Mailer } from "./mailer.ts";
export { createUserAccount, resetUserPassword, UserAdminError } from "./users.ts";
