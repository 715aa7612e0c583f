import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useId, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { HandsView, SessionDetail } from "./types.ts";

const ordinal = new Intl.PluralRules("en", { type: "ordinal" });
const suffix: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };
const nth = (n: number) => `${n}${suffix[ordinal.select(n)]}`;
const since = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/**
 * Raised hands while a session is live: students raise and lower theirs and see their place;
 * staff see the queue in the order hands went up and lower one or all. Live through `hands.events`.
 */
export function HandsPanel({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const headingId = useId();
  const sessionId = session.id;
  const [view, setView] = useState<HandsView | null>(null);
  const live = session.status === "live";
  useSubscription(trpc.hands.events.subscriptionOptions({ sessionId }, { enabled: live, onData: setView }));
  const options = {
    onSuccess: (v: HandsView) => setView(v),
    onError: (error: unknown) => notifications.show({ color: "red", title: "Could not change the hand", message: errorMessage(error) }),
  };
  const raise = useMutation(trpc.hands.raise.mutationOptions(options));
  const lower = useMutation(trpc.hands.lower.mutationOptions(options));
  const lowerFor = useMutation(trpc.hands.lowerFor.mutationOptions(options));
  const lowerAll = useMutation(trpc.hands.lowerAll.mutationOptions(options));

  if (!live) return null;
  const mine = view?.mine;
  const queue = view?.queue ?? [];

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} size="h5" id={headingId}>
          {session.staff ? `Raised hands (${queue.length})` : "Raise your hand"}
        </Title>
        {session.staff ? (
          queue.length === 0 ? (
            <Text size="sm" c="dimmed">
              No hands are up. When a student raises theirs it appears here, first come first listed.
            </Text>
          ) : (
            <>
              <Table aria-label="Raised hands in order">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">#</Table.Th>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Since</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {queue.map((h) => (
                    <Table.Tr key={h.userId}>
                      <Table.Td>{h.position}</Table.Td>
                      <Table.Th scope="row" fw={500}>
                        {h.name}
                      </Table.Th>
                      <Table.Td>
                        <time dateTime={h.raisedAt.toISOString()}>{since.format(h.raisedAt)}</time>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() => lowerFor.mutate({ sessionId, userId: h.userId })}
                          aria-label={`Lower ${h.name}'s hand`}
                        >
                          Lower
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Group justify="flex-end">
                <Button size="xs" color="red" variant="light" loading={lowerAll.isPending} onClick={() => lowerAll.mutate({ sessionId })}>
                  Lower all hands
                </Button>
              </Group>
            </>
          )
        ) : (
          <Group gap="sm">
            {mine?.raised ? (
              <Button variant="light" loading={lower.isPending} onClick={() => lower.mutate({ sessionId })}>
                ✋ Lower my hand
              </Button>
            ) : (
              <Button loading={raise.isPending} onClick={() => raise.mutate({ sessionId })} disabled={!view}>
                ✋ Raise my hand
              </Button>
            )}
            <Text size="sm" role="status" aria-live="polite">
              {mine?.raised
                ? mine.position === 1
                  ? "Your hand is up: you are next."
                  : `Your hand is up: ${nth(mine.position)} in the queue.`
                : "Staff see raised hands in the order they went up."}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
