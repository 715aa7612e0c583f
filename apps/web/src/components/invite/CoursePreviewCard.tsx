import { FormError } from "@codeclass/ui";
import { Alert, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useTRPC } from "../../trpc.ts";
import { roleNoun } from "../course/courseRoles.ts";
import { joinErrorText } from "./joinErrors.ts";
import type { JoinPreview } from "./types.ts";

const listFormat = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

/** The course behind a code or link, and the button that joins it (or opens it, for a member). */
export function CoursePreviewCard({ preview, secret }: { preview: JoinPreview; secret: { code: string } | { token: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const onJoined = async (result: { course: { id: string; title: string }; pending: boolean }) => {
    await queryClient.invalidateQueries(trpc.course.listMine.queryFilter());
    if (result.pending) return;
    notifications.show({ color: "green", message: `You joined ${result.course.title}.` });
    await navigate(`/courses/${result.course.id}`);
  };
  const byCode = useMutation(trpc.invite.joinWithCode.mutationOptions({ onSuccess: onJoined }));
  const byLink = useMutation(trpc.invite.joinWithLink.mutationOptions({ onSuccess: onJoined }));
  const join = "code" in secret ? byCode : byLink;
  const field = "code" in secret ? "code" : "token";
  const joined = join.data;

  return (
    <Card withBorder padding="lg" component="section" aria-label="The course">
      <Stack gap="sm">
        <Text size="sm" c="dimmed" ff="monospace">
          {preview.course.code}
        </Text>
        <Title order={2} size="h3">
          {preview.course.title}
        </Title>
        <Text size="sm">
          {preview.instructors.length ? `Taught by ${listFormat.format(preview.instructors)}` : "No instructor is listed yet."}
        </Text>
        {preview.member ? (
          <>
            <Alert color="blue" role="status">
              You are already in this course, as {roleNoun(preview.member.role)}.
            </Alert>
            <Group>
              <Button component={Link} to={`/courses/${preview.member.courseId}`}>
                Open the course
              </Button>
            </Group>
          </>
        ) : joined?.pending ? (
          <>
            <Alert color="yellow" title="You are enrolled" role="status">
              {joined.notice}
            </Alert>
            <Group>
              <Button component={Link} to="/" variant="default">
                Go to My courses
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">You will join as {roleNoun(preview.role)}.</Text>
            <Group>
              <Button
                onClick={() => ("code" in secret ? byCode.mutate(secret) : byLink.mutate(secret))}
                loading={join.isPending}
                disabled={join.isSuccess}
              >
                Join {preview.course.title}
              </Button>
            </Group>
            <FormError message={join.error ? joinErrorText(join.error, field) : null} />
          </>
        )}
      </Stack>
    </Card>
  );
}
