import { LoadingState } from "@codeclass/ui";
import { Center } from "@mantine/core";
import { useRef } from "react";
import { Navigate, Outlet, useSearchParams } from "react-router";
import { authClient } from "../../auth.ts";
import { safeNext } from "../../lib/safeRedirect.ts";
import { AuthLayout } from "./AuthLayout.tsx";

/** Sign-in and sign-up pages: someone already signed in goes on to where they were headed. */
export function GuestOnly() {
  const session = authClient.useSession();
  const [params] = useSearchParams();
  // Only the first session check shows a spinner. Later checks (better-auth re-checks after every
  // sign-in attempt) must not unmount the form the reader is using.
  const settled = useRef(false);
  if (!session.isPending) settled.current = true;

  if (!settled.current) {
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
