import { adminClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/**
 * The browser's better-auth client. Same origin as the server, so the session cookie rides
 * along. `onTwoFactorRedirect` fires when sign-in needs the second factor.
 */
export function createCodeclassAuthClient(options: { baseURL?: string; onTwoFactorRedirect?: () => void } = {}) {
  return createAuthClient({
    baseURL: options.baseURL ?? (typeof window === "undefined" ? undefined : window.location.origin),
    plugins: [
      twoFactorClient({
        onTwoFactorRedirect: () => options.onTwoFactorRedirect?.(),
      }),
      adminClient(),
    ],
  });
}
export type CodeclassAuthClient = ReturnType<typeof createCodeclassAuthClient>;
