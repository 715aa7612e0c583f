import { ErrorState } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { Link } from "react-router";
import { errorCode, errorMessage } from "../../lib/errors.ts";

export interface CourseLoadErrorProps {
  error: unknown;
  /** The course the page belongs to: the way back leads there (else to My courses). */
  courseId?: string;
  /** Offered for failures that a retry may fix (not for "not found" or "not allowed"). */
  onRetry?: () => void;
  /** Title for a failure that is neither "not found" nor "not allowed". */
  title: string;
  /** Title when the caller may not see this (FORBIDDEN); default: "You are not in this course". */
  forbiddenTitle?: string;
  /** What to do about it, after the server's reason; default: "Ask its instructor to enroll you." */
  forbiddenHint?: string;
  /** Title and sentence when the thing does not exist (NOT_FOUND, or a malformed id). */
  notFound?: { title: string; message: string };
}

const courseNotFound = {
  title: "Course not found",
  message: "No course has this address. It may have been deleted, or the link is mistyped.",
};

/** The one error page of a course's pages: not found, not allowed (and what to do), or a failure to retry. */
export function CourseLoadError({ error, courseId, onRetry, title, forbiddenTitle, forbiddenHint, notFound }: CourseLoadErrorProps) {
  const code = errorCode(error);
  const missing = code === "NOT_FOUND" || code === "BAD_REQUEST";
  const back =
    courseId && !missing ? (
      <Button component={Link} to={`/courses/${courseId}`} size="xs" variant="default">
        Back to the course
      </Button>
    ) : (
      <Button component={Link} to="/" size="xs" variant="default">
        Back to My courses
      </Button>
    );
  if (missing) {
    const copy = notFound ?? courseNotFound;
    return <ErrorState headingOrder={1} title={copy.title} message={copy.message} actions={back} />;
  }
  const reason = errorMessage(error).replace(/\.?$/, ".");
  if (code === "FORBIDDEN") {
    return (
      <ErrorState
        headingOrder={1}
        title={forbiddenTitle ?? "You are not in this course"}
        message={`${reason} ${forbiddenHint ?? "Ask its instructor to enroll you."}`}
        actions={back}
      />
    );
  }
  return <ErrorState headingOrder={1} title={title} message={reason} onRetry={onRetry} actions={back} />;
}
