import { authClient } from "./auth.ts";
import { createApi } from "./trpc.ts";

/**
 * The app's API client and query cache. A refusal for a missing session re-checks the session,
 * which makes RequireSession send a signed-out reader to the sign-in page.
 */
export const api = createApi(() => authClient.$store.notify("$sessionSignal"));
