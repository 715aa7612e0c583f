import { Alert, Anchor, Stack, Title } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { AuthLayout } from "../components/shell/AuthLayout.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { safeNext } from "../lib/safeRedirect.ts";

/** Where the verification link lands: better-auth has verified the address (and signed in), or says why not. */
export function VerifyEmailPage() {
  usePageTitle("Confirm your email");
  const [params] = useSearchParams();
  // better-auth sends the reader here with ?error=TOKEN_EXPIRED or INVALID_TOKEN when the link does not work.
  const error = params.get("error");
  // Where the reader was going when they signed up (sign-up passes it on), else their courses.
  const next = safeNext(params.get("next"));
  return (
    <AuthLayout>
      <Stack gap="md">
        <Title order={1} size="h3">
          {error ? "This link does not work" : "Your email address is confirmed"}
        </Title>
        {error ? (
          <Alert color="red" role="alert">
            {error === "TOKEN_EXPIRED" ? "The link has expired." : "The link is not valid."} Sign in and use "Resend the link" at the top of
            the page to get a new one.
          </Alert>
        ) : (
          <Alert color="green" role="status">
            Thank you. The courses you are enrolled in are open to you now.
          </Alert>
        )}
        <Anchor component={Link} to={next} size="sm" ta="center">
          {next === "/" ? "Go to my courses" : "Continue where you were going"}
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
