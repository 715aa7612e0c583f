import type { OfficeHoursState } from "@codeclass/api";
import { Anchor, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

const since = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const topicLimit = 200;

/**
 * Office hours on the course page, live through `officeHours.events`: a student asks for a
 * private call (with a named staff member or any), sees it wait or be accepted, joins or cancels
 * it; staff see the queue, accept a request, join and end the call.
 */
export function OfficeHoursPanel({ courseId }: { courseId: string }) {
  const trpc = useTRPC();
  const headingId = useId();
  const [view, setView] = useState<OfficeHoursState | null>(null);
  const [asking, setAsking] = useState(false);
  const stream = useSubscription(trpc.officeHours.events.subscriptionOptions({ courseId }, { onData: setView }));
  const onError = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });
  const cancel = useMutation(trpc.officeHours.cancel.mutationOptions({ onError: onError("Could not cancel the request") }));
  const accept = useMutation(trpc.officeHours.accept.mutationOptions({ onError: onError("Could not accept the request") }));
  const end = useMutation(trpc.officeHours.end.mutationOptions({ onError: onError("Could not end the call") }));
  const callPath = (requestId: string) => `/courses/${courseId}/office-hours/${requestId}`;

  if (!view)
    return stream.error ? (
      <Text c="red" role="alert">
        Office hours could not load: {errorMessage(stream.error)}
      </Text>
    ) : null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {view.staff ? `Office hours queue (${view.requests.length})` : "Office hours"}
        </Title>
        {view.staff ? (
          view.requests.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody is waiting. When a student asks for a private call it appears here at once.
            </Text>
          ) : (
            <Table aria-label="Office-hours requests, oldest first">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Student</Table.Th>
                  <Table.Th scope="col">Topic</Table.Th>
                  <Table.Th scope="col">Asked for</Table.Th>
                  <Table.Th scope="col">Since</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.requests.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.student.name}</Table.Td>
                    <Table.Td>{r.topic}</Table.Td>
                    <Table.Td>{r.staff ? r.staff.name : "Any staff"}</Table.Td>
                    <Table.Td>{since.format(new Date(r.createdAt))}</Table.Td>
                    <Table.Td>
                      {r.status === "waiting" ? (
                        <Badge color="yellow">Waiting</Badge>
                      ) : (
                        <Badge color="green">In a call with {r.acceptedBy?.name}</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {r.status === "waiting" ? (
                          <Button
                            size="xs"
                            loading={accept.isPending && accept.variables?.requestId === r.id}
                            onClick={() => accept.mutate({ requestId: r.id })}
                            aria-label={`Accept ${r.student.name}'s request`}
                          >
                            Accept
                          </Button>
                        ) : (
                          <>
                            <Button size="xs" component={Link} to={callPath(r.id)} variant="light">
                              Open call
                            </Button>
                            <Button
                              size="xs"
                              color="red"
                              variant="subtle"
                              loading={end.isPending && end.variables?.requestId === r.id}
                              onClick={() => end.mutate({ requestId: r.id })}
                              aria-label={`End the call with ${r.student.name}`}
                            >
                              End
                            </Button>
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        ) : view.mine ? (
          <Stack gap="xs" role="status">
            {view.mine.status === "waiting" ? (
              <Text>
                You asked {view.mine.staff ? view.mine.staff.name : "any staff member"} about “{view.mine.topic}”. Waiting for them to
                accept; this updates by itself.
              </Text>
            ) : (
              <Text>
                {view.mine.acceptedBy?.name} accepted your request about “{view.mine.topic}”.{" "}
                <Anchor component={Link} to={callPath(view.mine.id)}>
                  Join the call
                </Anchor>
              </Text>
            )}
            <Group gap="xs">
              {view.mine.status === "waiting" ? (
                <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate({ requestId: view.mine!.id })}>
                  Cancel my request
                </Button>
              ) : (
                <Button color="red" variant="subtle" loading={end.isPending} onClick={() => end.mutate({ requestId: view.mine!.id })}>
                  End the call
                </Button>
              )}
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button onClick={() => setAsking(true)}>Ask for office hours</Button>
            <Text size="sm" c="dimmed">
              A private video call with one of the course's staff.
            </Text>
          </Group>
        )}
      </Stack>
      {asking ? <AskModal courseId={courseId} staffMembers={view.staffMembers} onClose={() => setAsking(false)} /> : null}
    </Paper>
  );
}

function AskModal({
  courseId,
  staffMembers,
  onClose,
}: {
  courseId: string;
  staffMembers: OfficeHoursState["staffMembers"];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [topic, setTopic] = useState("");
  const [staffId, setStaffId] = useState<string | null>(null);
  const ask = useMutation(trpc.officeHours.request.mutationOptions({ onSuccess: onClose }));
  const tooLong = topic.trim().length > topicLimit;
  return (
    <Modal opened onClose={onClose} title="Ask for office hours">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate({ courseId, topic, ...(staffId ? { staffId } : {}) });
        }}
      >
        <Stack gap="sm">
          <Textarea
            label="Topic"
            description={`What you would like to talk about (at most ${topicLimit} characters)`}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            data-autofocus
            error={tooLong ? `Too long: the limit is ${topicLimit} characters` : undefined}
          />
          <Select
            label="With"
            data={[{ value: "", label: "Any staff member" }, ...staffMembers.map((s) => ({ value: s.id, label: `${s.name} (${s.role})` }))]}
            value={staffId ?? ""}
            onChange={(v) => setStaffId(v || null)}
            allowDeselect={false}
          />
          {ask.error ? (
            <Text c="red" role="alert" size="sm">
              {errorMessage(ask.error)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={ask.isPending} disabled={!topic.trim() || tooLong}>
              Ask
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
