import { EmptyState, ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Button, SimpleGrid, Switch } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { CourseCard } from "../components/course/CourseCard.tsx";
import { canCreateCourses, useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

export function MyCoursesPage() {
  usePageTitle("My courses");
  const trpc = useTRPC();
  const me = useMe();
  // Kept in the URL so "back" from a course returns to the same view.
  const [params, setParams] = useSearchParams();
  // Local state flips at once (the URL updates a moment later, after the router's transition).
  const [includeArchived, setIncludeArchived] = useState(params.get("archived") === "1");
  const courses = useQuery(trpc.course.listMine.queryOptions({ includeArchived }, { placeholderData: keepPreviousData }));
  const creator = canCreateCourses(me.data?.role);

  const toggleArchived = (checked: boolean) => {
    setIncludeArchived(checked);
    setParams(checked ? { archived: "1" } : {}, { replace: true, preventScrollReset: true });
  };

  return (
    <>
      <PageHeader title="My courses" description="Courses you teach, assist or take." />
      <Switch label="Show archived courses" checked={includeArchived} onChange={(e) => toggleArchived(e.currentTarget.checked)} mb="lg" />
      {courses.isPending ? (
        <LoadingState label="Loading your courses…" />
      ) : courses.isError ? (
        <ErrorState title="Could not load your courses" message={errorMessage(courses.error)} onRetry={() => void courses.refetch()} />
      ) : courses.data.length === 0 ? (
        <NoCourses creator={creator} includeArchived={includeArchived} email={me.data?.email} />
      ) : (
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="md"
          component="ul"
          aria-busy={courses.isPlaceholderData}
          style={{ listStyle: "none", padding: 0, margin: 0, opacity: courses.isPlaceholderData ? 0.6 : 1 }}
        >
          {courses.data.map((course) => (
            <li key={course.id}>
              <CourseCard course={course} />
            </li>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

function NoCourses({ creator, includeArchived, email }: { creator: boolean; includeArchived: boolean; email: string | undefined }) {
  const archivedHint = includeArchived ? "" : " Archived courses are hidden; turn on “Show archived courses” to see them.";
  if (creator) {
    return (
      <EmptyState
        title={includeArchived ? "No courses yet" : "No active courses"}
        description={`Create your first course, then enroll your students and TAs by email.${archivedHint}`}
        action={
          <Button component={Link} to="/courses/new">
            Create your first course
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      title="You are not enrolled in any course yet"
      description={`Ask your instructor to enroll you${email ? ` with your email, ${email}` : ""}. Your courses will appear here.${archivedHint}`}
    />
  );
}
