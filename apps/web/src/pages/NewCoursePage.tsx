import { ErrorState, PageHeader } from "@codeclass/ui";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { CourseForm } from "../components/course/CourseForm.tsx";
import { canCreateCourses, useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

const blank = { code: "", title: "", term: "", description: "" };

export function NewCoursePage() {
  usePageTitle("New course");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const create = useMutation(
    trpc.course.create.mutationOptions({
      onSuccess: async (course) => {
        await queryClient.invalidateQueries(trpc.course.listMine.queryFilter());
        notifications.show({ color: "green", message: `${course.code} is created. Enroll people from its page.` });
        await navigate(`/courses/${course.id}`);
      },
    }),
  );

  if (me.data && !canCreateCourses(me.data.role)) {
    return (
      <>
        <PageHeader title="New course" />
        <ErrorState
          title="Only instructors can create courses"
          message="Ask an administrator to make your account an instructor, or ask an instructor to create the course and enroll you."
          actions={
            <Button component={Link} to="/" size="xs" variant="default">
              Back to My courses
            </Button>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title="New course" description="You will be the course's instructor. You can change all of this later." />
      <CourseForm
        initialValues={blank}
        submitLabel="Create course"
        cancelTo="/"
        pending={create.isPending}
        error={create.error}
        onSubmit={({ term, ...values }) => create.mutate({ ...values, ...(term ? { term } : {}) })}
      />
    </>
  );
}
