import { createCodeclassAuthClient } from "@codeclass/auth/client";

/** The better-auth client; sign-in pages handle the two-factor redirect themselves. */
export const authClient = createCodeclassAuthClient();

// Ask for the session as soon as the app's code runs: better-auth asks only when a component
// first reads it, which is after the first route's code has arrived, one round trip later.
authClient.$store.atoms.session?.listen(() => {});

export type AuthSession = typeof authClient.$Infer.Session;
