import { ErrorState, LoadingState } from "@codeclass/ui";
import { Center } from "@mantine/core";
import { Navigate, Outlet, useLocation } from "react-router";
import { authClient } from "../../auth.ts";
import { withNext } from "../../lib/safeRedirect.ts";

/** Renders its routes only for a signed-in person; sends anyone else to sign in, then back here. */
export function RequireSession() {
  const session = authClient.useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <Center mih="100vh">
        <LoadingState label="Checking your session…" />
      </Center>
    );
  }
  if (session.error && !session.data) {
    return (
      <Center mih="100vh" p="md">
        <ErrorState
          title="Cannot reach Codeclass"
          message="The server did not answer. Check your connection, then try again."
          onRetry={() => void session.refetch()}
        />
      </Center>
    );
  }
  if (!session.data) {
    return <Navigate to={withNext("/sign-in", location.pathname + location.search)} replace />;
  }
  return <Outlet />;
}
