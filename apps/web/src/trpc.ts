import type { AppRouter } from "@codeclass/api";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, httpSubscriptionLink, isTRPCClientError, splitLink } from "@trpc/client";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Same origin as the page, so the better-auth session cookie rides along. */
const url = "/trpc";

/**
 * The app's query cache. `onUnauthorized` runs when the server says the session is gone (it
 * expired, or the person signed out in another tab), so the app can send them to sign in.
 */
export function createQueryClient(onUnauthorized: () => void) {
  const onError = (error: unknown) => {
    if (isTRPCClientError(error) && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED") onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retrying cannot fix a refusal or a missing row; it only delays the message.
        retry: (failureCount, error) => {
          const code = isTRPCClientError(error) ? (error.data as { code?: string } | undefined)?.code : undefined;
          if (code && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(code)) return false;
          return failureCount < 2;
        },
      },
    },
  });
}

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url, transformer: superjson, eventSourceOptions: { withCredentials: true } }),
        false: httpBatchStreamLink({
          url,
          transformer: superjson,
          // The server refuses batches of more than 20 calls (apps/server/src/api-app.ts maxBatchSize).
          maxItems: 10,
          fetch: (input, init) => fetch(input, { ...init, credentials: "include" }),
        }),
      }),
    ],
  });
}

/**
 * The page's one query cache and API client. Module-level, not made inside a component, so a
 * route can start its queries the moment it is matched (`trpcOptions` in route loaders), while
 * the page's code and the session check are still on their way.
 */
export function createApi(onUnauthorized: () => void) {
  const queryClient = createQueryClient(onUnauthorized);
  const client = createApiClient();
  return { queryClient, client, options: createTRPCOptionsProxy<AppRouter>({ client, queryClient }) };
}
