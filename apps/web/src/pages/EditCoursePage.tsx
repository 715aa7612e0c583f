import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { CourseForm } from "../components/course/CourseForm.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

export function EditCoursePage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const detail = useQuery(trpc.course.get.queryOptions({ courseId }));
  usePageTitle(detail.data ? `Edit ${detail.data.course.code}` : "Edit course");
  const update = useMutation(
    trpc.course.update.mutationOptions({
      onSuccess: async (course) => {
        await queryClient.invalidateQueries(trpc.course.pathFilter());
        notifications.show({ color: "green", message: `${course.code} is saved.` });
        await navigate(`/courses/${course.id}`);
      },
    }),
  );
  const back = `/courses/${courseId}`;

  if (detail.isPending) return <LoadingState label="Loading the course…" />;
  if (detail.isError) {
    return (
      <ErrorState
        headingOrder={1}
        title="Could not load this course"
        message={errorMessage(detail.error)}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  const { course, canManage } = detail.data;
  if (!canManage) {
    return (
      <ErrorState
        headingOrder={1}
        title="You cannot edit this course"
        message="Only the course's instructors (and admins) can change it."
        actions={
          <Button component={Link} to={back} size="xs" variant="default">
            Back to the course
          </Button>
        }
      />
    );
  }

  return (
    <>
      <PageHeader title={`Edit ${course.title}`} description={course.code} />
      <CourseForm
        initialValues={{ code: course.code, title: course.title, term: course.term ?? "", description: course.description }}
        submitLabel="Save"
        cancelTo={back}
        pending={update.isPending}
        error={update.error}
        onSubmit={(values) => update.mutate({ courseId, ...values })}
      />
    </>
  );
}
