import { ErrorState, LoadingState } from "@codeclass/ui";
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Link, Outlet, useLocation } from "react-router";
import { authClient } from "../../auth.ts";
import { usePageTitle } from "../../hooks/usePageTitle.ts";
import { withNext } from "../../lib/safeRedirect.ts";
import { AuthLayout } from "../shell/AuthLayout.tsx";

/**
 * The join pages' frame: signed in, the join page; signed out, a card that says what the link is
 * for and sends the reader to sign in or sign up, then back to this very address.
 */
export function JoinGate() {
  const session = authClient.useSession();
  const location = useLocation();

  if (session.isPending)
    return (
      <Center mih="100vh">
        <LoadingState label="Checking your session…" />
      </Center>
    );
  if (session.error && !session.data)
    return (
      <Center mih="100vh" p="md">
        <ErrorState
          title="Cannot reach Codeclass"
          message="The server did not answer. Check your connection, then try again."
          onRetry={() => void session.refetch()}
        />
      </Center>
    );
  if (!session.data) return <SignInToJoin next={location.pathname + location.search} />;
  return <Outlet />;
}

function SignInToJoin({ next }: { next: string }) {
  usePageTitle("Join a course");
  return (
    <AuthLayout>
      <Stack gap="md">
        <Title order={1} size="h3">
          Join a course
        </Title>
        <Text size="sm">
          {next.startsWith("/join/")
            ? "You were invited to a course on Codeclass. Sign in, or create an account, to see the course and join it."
            : "Sign in, or create an account, then enter the join code your instructor gave you."}
        </Text>
        <Button component={Link} to={withNext("/sign-in", next)} fullWidth>
          Sign in to join
        </Button>
        <Button component={Link} to={withNext("/sign-up", next)} variant="default" fullWidth>
          Create an account
        </Button>
      </Stack>
    </AuthLayout>
  );
}
