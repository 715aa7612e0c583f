import { ErrorState, LoadingState } from "@codeclass/ui";
import { Badge, Group, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import type { Course } from "../../api-types.ts";
import { useMe } from "../../hooks/useMe.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { EnrollForm } from "./EnrollForm.tsx";
import { RosterTable } from "./RosterTable.tsx";

/** The course's people, for staff; managers also enroll, re-role and remove them here. */
export function RosterSection({ course, canManage }: { course: Course; canManage: boolean }) {
  const trpc = useTRPC();
  const me = useMe();
  const headingId = useId();
  const roster = useQuery(trpc.enrollment.roster.queryOptions({ courseId: course.id }));
  const archived = Boolean(course.archivedAt);

  return (
    <Stack component="section" gap="md" aria-labelledby={headingId}>
      <Group gap="sm">
        <Title order={2} size="h3" id={headingId}>
          People
        </Title>
        {roster.data ? (
          <Badge variant="default" aria-label={`${roster.data.length} people`}>
            {roster.data.length}
          </Badge>
        ) : null}
      </Group>
      {canManage && !archived ? <EnrollForm courseId={course.id} /> : null}
      {roster.isPending ? (
        <LoadingState label="Loading the roster…" />
      ) : roster.isError ? (
        <ErrorState title="Could not load the roster" message={errorMessage(roster.error)} onRetry={() => void roster.refetch()} />
      ) : (
        <RosterTable
          courseId={course.id}
          courseCode={course.code}
          roster={roster.data}
          myUserId={me.data?.id}
          canManage={canManage}
          readOnly={archived}
          labelledBy={headingId}
        />
      )}
    </Stack>
  );
}
