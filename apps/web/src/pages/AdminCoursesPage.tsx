import { EmptyState, ErrorState } from "@codeclass/ui";
import { Anchor, Badge, Button, Group, Progress, SegmentedControl, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { AdminFrame } from "../components/admin/AdminFrame.tsx";
import { CourseArchiveToggle } from "../components/admin/CourseArchiveToggle.tsx";
import { formatDateTime } from "../components/admin/formatTime.ts";
import { ListPager } from "../components/admin/ListPager.tsx";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

const pageSize = 50;

/** Every course on the platform, enrolled or not: searched by code or title, with its staff and size; archive, restore, open. */
export function AdminCoursesPage() {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q.trim(), 300);
  const [state, setState] = useState<"active" | "archived" | "all">("active");
  const [page, setPage] = useState(1);
  const courses = useQuery({
    ...trpc.admin.courses.queryOptions({
      q: search || undefined,
      archived: state === "all" ? undefined : state === "archived",
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <AdminFrame title="Courses" description="Every course, whether you are enrolled or not.">
      <Stack gap="sm">
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Part of a code or title"
            type="search"
            value={q}
            maxLength={200}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPage(1);
            }}
            w={320}
          />
          <SegmentedControl
            aria-label="Which courses"
            value={state}
            onChange={(v) => {
              setState(v as typeof state);
              setPage(1);
            }}
            data={[
              { value: "active", label: "Active" },
              { value: "archived", label: "Archived" },
              { value: "all", label: "All" },
            ]}
          />
        </Group>
        {courses.isFetching ? <Progress value={100} animated size="xs" aria-label="Loading courses" /> : null}
        {courses.error ? (
          <ErrorState title="Could not load the courses" message={errorMessage(courses.error)} onRetry={() => void courses.refetch()} />
        ) : !courses.data ? (
          <Text size="sm" c="dimmed">
            Loading courses…
          </Text>
        ) : courses.data.courses.length === 0 ? (
          <EmptyState title="No course matches" description="Change the search, or show archived courses too." />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover aria-label="Courses" aria-busy={courses.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Course</Table.Th>
                  <Table.Th>Instructors</Table.Th>
                  <Table.Th>Students</Table.Th>
                  <Table.Th>TAs</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {courses.data.courses.map((course) => (
                  <Table.Tr key={course.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component={Link} to={`/courses/${course.id}`} fw={600} size="sm">
                          {course.code}
                        </Anchor>
                        {course.archivedAt ? (
                          <Badge size="xs" color="gray" variant="light">
                            Archived
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {course.title}
                        {course.term ? ` · ${course.term}` : ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{course.instructors.length ? course.instructors.map((i) => i.name).join(", ") : "None"}</Text>
                    </Table.Td>
                    <Table.Td>{course.students}</Table.Td>
                    <Table.Td>{course.tas}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(course.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="light" component={Link} to={`/courses/${course.id}`} aria-label={`Open ${course.code}`}>
                          Open
                        </Button>
                        <CourseArchiveToggle course={course} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {courses.data ? <ListPager page={page} pageSize={pageSize} total={courses.data.total} label="courses" onChange={setPage} /> : null}
      </Stack>
    </AdminFrame>
  );
}
