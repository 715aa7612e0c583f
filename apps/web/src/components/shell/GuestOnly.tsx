import { LoadingState } from "@codeclass/ui";
import { Center } from "@mantine/core";
import { Navigate, Outlet, useSearchParams } from "react-router";
import { authClient } from "../../auth.ts";
import { safeNext } from "../../lib/safeRedirect.ts";
import { AuthLayout } from "./AuthLayout.tsx";

/** Sign-in and sign-up pages: someone already signed in goes on to where they were headed. */
export function GuestOnly() {
  const session = authClient.useSession();
  const [params] = useSearchParams();

  if (session.isPending && !session.data) {
    return (
      <Center mih="100vh">
        <LoadingState label="Checking your session…" />
      </Center>
    );
  }
  if (session.data) return <Navigate to={safeNext(params.get("next"))} replace />;
  return (
    <AuthLayout>
      <Outlet />
    </AuthLayout>
  );
}
