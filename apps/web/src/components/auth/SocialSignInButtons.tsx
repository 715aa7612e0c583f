import { Button, Divider, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

const providerNames = { github: "GitHub", google: "Google" } as const;
type Provider = keyof typeof providerNames;

/** "Continue with GitHub/Google", for the providers the server has configured (none: nothing). */
export function SocialSignInButtons({ next }: { next: string }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.system.config.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [pending, setPending] = useState<Provider | null>(null);
  const providers = config.data?.socialProviders ?? [];
  if (providers.length === 0) return null;

  const signIn = async (provider: Provider) => {
    setPending(provider);
    const { error } = await authClient.signIn.social({
      provider,
      callbackURL: next,
      errorCallbackURL: "/sign-in",
    });
    // On success the browser is already leaving for the provider's page.
    if (error) {
      setPending(null);
      notifications.show({ color: "red", title: `Could not sign in with ${providerNames[provider]}`, message: authErrorMessage(error) });
    }
  };

  return (
    <Stack gap="sm">
      <Divider label="or" labelPosition="center" />
      {providers.map((provider) => (
        <Button
          key={provider}
          variant="default"
          fullWidth
          loading={pending === provider}
          disabled={pending !== null && pending !== provider}
          onClick={() => void signIn(provider)}
        >
          Continue with {providerNames[provider]}
        </Button>
      ))}
    </Stack>
  );
}
