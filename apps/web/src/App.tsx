import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router/dom";
import { api } from "./api.ts";
import { appearanceColorSchemeManager } from "./lib/appearance.ts";
import { router } from "./router.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";
import { TRPCProvider } from "./trpc.ts";

// The appearance store decides the scheme (system unless the reader overrides it); Mantine follows it.
const colorSchemeManager = appearanceColorSchemeManager();

export function App() {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
    >
      <Notifications position="bottom-right" />
      <QueryClientProvider client={api.queryClient}>
        <TRPCProvider trpcClient={api.client} queryClient={api.queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
