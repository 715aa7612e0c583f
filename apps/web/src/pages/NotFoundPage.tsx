import { ErrorState } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { Link } from "react-router";
import { usePageTitle } from "../hooks/usePageTitle.ts";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <ErrorState
      headingOrder={1}
      title="Page not found"
      message="Nothing lives at this address. Check the link, or start again from your courses."
      actions={
        <Button component={Link} to="/" size="xs" variant="default">
          Go to My courses
        </Button>
      }
    />
  );
}
