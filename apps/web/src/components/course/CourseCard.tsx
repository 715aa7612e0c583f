import { RoleBadge } from "@codeclass/ui";
import { Anchor, Badge, Card, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { MyCourse } from "../../api-types.ts";
import classes from "./CourseCard.module.css";

/** One course in "My courses"; the title is the link, and the whole card is clickable through it. */
export function CourseCard({ course }: { course: MyCourse }) {
  return (
    <Card withBorder padding="lg" className={classes.card} component="article" aria-labelledby={`course-${course.id}`}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" ff="monospace" c="dimmed" truncate>
            {course.code}
          </Text>
          <Group gap={6} wrap="nowrap">
            {course.archivedAt ? (
              <Badge variant="outline" color="gray">
                Archived
              </Badge>
            ) : null}
            <RoleBadge role={course.role} />
          </Group>
        </Group>
        <Anchor
          component={Link}
          to={`/courses/${course.id}`}
          id={`course-${course.id}`}
          fw={600}
          fz="lg"
          c="var(--mantine-color-text)"
          className={classes.link}
        >
          {course.title}
        </Anchor>
        <Text size="sm" c="dimmed" mt="auto">
          {course.term ?? "No term set"}
        </Text>
      </Stack>
    </Card>
  );
}
