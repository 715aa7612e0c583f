import type { AppRouter } from "@codeclass/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";

/**
 * A tRPC client for the two calls that switch who this browser is signed in as (admin.impersonate,
 * admin.stopImpersonating). Their answer carries better-auth's Set-Cookie headers, which a streamed
 * batch answer cannot: its headers leave before the procedure runs. One plain request per call does.
 */
export const sessionSwitchClient = createTRPCClient<AppRouter>({
  links: [httpLink({ url: "/trpc", transformer: superjson, fetch: (input, init) => fetch(input, { ...init, credentials: "include" }) })],
});
