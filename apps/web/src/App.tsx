import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router/dom";
import { authClient } from "./auth.ts";
import { appearanceColorSchemeManager } from "./lib/appearance.ts";
import { router } from "./router.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";
import { createApiClient, createQueryClient, TRPCProvider } from "./trpc.ts";

// The appearance store decides the scheme (system unless the reader overrides it); Mantine follows it.
const colorSchemeManager = appearanceColorSchemeManager();

export function App() {
  // Re-checking the session makes RequireSession send a signed-out reader to the sign-in page.
  const [queryClient] = useState(() => createQueryClient(() => authClient.$store.notify("$sessionSignal")));
  const [trpcClient] = useState(createApiClient);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
    >
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
