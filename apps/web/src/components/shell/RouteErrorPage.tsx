import { ErrorState } from "@codeclass/ui";
import { Button, Container } from "@mantine/core";
import { isRouteErrorResponse, useRouteError } from "react-router";

/** Shown when rendering a page throws: says so, and offers a reload or the home page. */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "An unexpected error stopped this page.";
  return (
    <Container size="sm" py="xl" component="main">
      <ErrorState
        title="Something went wrong"
        message={message}
        onRetry={() => window.location.reload()}
        actions={
          <Button size="xs" variant="subtle" component="a" href="/">
            Go to My courses
          </Button>
        }
      />
    </Container>
  );
}
