import { ErrorState, LoadingState } from "@codeclass/ui";
import { SimpleGrid, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import type { Course } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { EmailInviteForm } from "./EmailInviteForm.tsx";
import { JoinSecretCard } from "./JoinSecretCard.tsx";
import { RosterImportForm } from "./RosterImportForm.tsx";

/**
 * "Invite students", for the course's staff: the join code and the invitation link (instructors
 * change them; TAs see them to hand out), and for instructors a pasted list of addresses and the
 * roster CSV for this course.
 */
export function InviteSection({ course, canManage }: { course: Course; canManage: boolean }) {
  const trpc = useTRPC();
  const headingId = useId();
  const settings = useQuery(trpc.invite.settings.queryOptions({ courseId: course.id }));
  const archived = Boolean(course.archivedAt);

  const ways = settings.isPending ? (
    <LoadingState label="Loading the join code and link…" />
  ) : settings.isError ? (
    <ErrorState
      title="Could not load the join code and link"
      message={errorMessage(settings.error)}
      onRetry={() => void settings.refetch()}
    />
  ) : (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <JoinSecretCard courseId={course.id} kind="code" view={settings.data.code} canManage={canManage} />
      <JoinSecretCard courseId={course.id} kind="link" view={settings.data.link} canManage={canManage} />
    </SimpleGrid>
  );

  return (
    <Stack component="section" gap="md" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId}>
        Invite students
      </Title>
      {archived ? <Text size="sm">This course is archived: nobody can join it until it is restored.</Text> : null}
      {canManage && !archived ? (
        <Tabs defaultValue="join" keepMounted={false}>
          <Tabs.List aria-label="Ways to invite">
            <Tabs.Tab value="join">Join code and link</Tabs.Tab>
            <Tabs.Tab value="emails">Paste emails</Tabs.Tab>
            <Tabs.Tab value="roster">Roster file</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="join" pt="md">
            {ways}
          </Tabs.Panel>
          <Tabs.Panel value="emails" pt="md">
            <EmailInviteForm courseId={course.id} />
          </Tabs.Panel>
          <Tabs.Panel value="roster" pt="md">
            <RosterImportForm courseId={course.id} courseCode={course.code} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        ways
      )}
    </Stack>
  );
}
