export { type Auth, type AuthOptions, clientIpHeader, createAuth } from "./auth.ts";
export { credentialHeaders } from "./credentials.ts";
export { createUserAccount, resetUserPassword, UserAdminError } from "./users.ts";
