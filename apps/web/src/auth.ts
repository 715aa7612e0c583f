import { createCodeclassAuthClient } from "@codeclass/auth/client";

/** The better-auth client; sign-in pages handle the two-factor redirect themselves. */
export const authClient = createCodeclassAuthClient();

export type AuthSession = typeof authClient.$Infer.Session;
