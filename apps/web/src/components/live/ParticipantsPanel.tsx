import { ConfirmButton } from "@codeclass/ui";
import { useParticipants } from "@livekit/components-react";
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type Participant, Track } from "livekit-client";
import { useId } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

interface Meta {
  userId: string;
  name: string;
  role: "admin" | "instructor" | "ta" | "student";
}

const metaOf = (p: Participant): Meta | null => {
  try {
    return JSON.parse(p.metadata ?? "") as Meta;
  } catch {
    return null;
  }
};

/** Staff moderation of the room: mute a microphone, remove a participant, let a student share their screen. */
export function ParticipantsPanel({ sessionId, screenShareGrants }: { sessionId: string; screenShareGrants: string[] }) {
  const trpc = useTRPC();
  const headingId = useId();
  const participants = useParticipants();
  const onError = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });
  const mute = useMutation(trpc.live.mute.mutationOptions({ onError: onError("Could not mute") }));
  const queryClient = useQueryClient();
  const removedQuery = trpc.live.removed.queryOptions({ sessionId });
  const removedList = useQuery(removedQuery);
  const refreshRemoved = () => queryClient.invalidateQueries({ queryKey: removedQuery.queryKey });
  const remove = useMutation(trpc.live.remove.mutationOptions({ onSettled: refreshRemoved }));
  const readmit = useMutation(
    trpc.live.readmit.mutationOptions({ onError: onError("Could not let them back in"), onSettled: refreshRemoved }),
  );
  const share = useMutation(trpc.live.setScreenShare.mutationOptions({ onError: onError("Could not change screen sharing") }));

  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        In the room ({participants.length})
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {participants.map((p) => {
            const meta = metaOf(p);
            const name = p.name || meta?.name || p.identity;
            const mic = p.getTrackPublication(Track.Source.Microphone);
            const student = meta?.role === "student";
            const granted = meta ? screenShareGrants.includes(meta.userId) : false;
            return (
              <Table.Tr key={p.identity}>
                <Table.Th scope="row" fw={500}>
                  {name}
                  {p.isLocal ? (
                    <Text span c="dimmed" size="sm">
                      {" (you)"}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td>
                  {p.isLocal ? null : (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        disabled={!mic?.trackSid || mic.isMuted}
                        onClick={() =>
                          mic?.trackSid && mute.mutate({ sessionId, identity: p.identity, trackSid: mic.trackSid, muted: true })
                        }
                        aria-label={`Mute ${name}'s microphone`}
                      >
                        Mute
                      </Button>
                      {student && meta ? (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => share.mutate({ sessionId, userId: meta.userId, allowed: !granted })}
                          aria-label={`${granted ? "Stop letting" : "Let"} ${name} share their screen`}
                        >
                          {granted ? "Revoke screen" : "Allow screen"}
                        </Button>
                      ) : null}
                      <ConfirmButton
                        size="xs"
                        variant="light"
                        title={`Remove ${name}?`}
                        message={
                          student
                            ? `${name} leaves the session and cannot join it again, nor use its chat, polls, hands or whiteboard, until you let them back in (under "Removed" below).`
                            : `${name} is disconnected from the room; as staff they can join again.`
                        }
                        confirmLabel="Remove"
                        onConfirm={() =>
                          remove.mutateAsync({ sessionId, identity: p.identity }).catch((error: unknown) => {
                            onError("Could not remove the participant")(error);
                            throw error;
                          })
                        }
                        aria-label={`Remove ${name} from the session`}
                      >
                        Remove
                      </ConfirmButton>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {removedList.data && removedList.data.length > 0 ? (
        <Stack gap={4} component="section" aria-label="Removed from this session">
          <Text size="sm" fw={500}>
            Removed ({removedList.data.length})
          </Text>
          {removedList.data.map((r) => (
            <Group key={r.userId} gap="xs" justify="space-between" wrap="nowrap">
              <Text size="sm">{r.name || r.userId}</Text>
              <Button
                size="xs"
                variant="default"
                loading={readmit.isPending && readmit.variables?.userId === r.userId}
                onClick={() => readmit.mutate({ sessionId, userId: r.userId })}
                aria-label={`Let ${r.name || r.userId} back into the session`}
              >
                Let back in
              </Button>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
