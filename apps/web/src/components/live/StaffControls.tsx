import { ConfirmButton } from "@codeclass/ui";
import { Button, Group, Switch } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { SessionDetail } from "./types.ts";

/** Start, end for everyone, and whether students may use camera and microphone. */
export function StaffControls({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.session.pathFilter());
  const onError = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });
  const start = useMutation(trpc.session.start.mutationOptions({ onSuccess: refresh, onError: onError("Could not start the session") }));
  const end = useMutation(trpc.session.end.mutationOptions({ onSuccess: refresh, onError: onError("Could not end the session") }));
  const media = useMutation(
    trpc.live.setStudentMedia.mutationOptions({ onSuccess: refresh, onError: onError("Could not change students' camera and microphone") }),
  );

  if (session.status === "ended") return null;
  return (
    <Group gap="md">
      {session.status === "scheduled" ? (
        <Button loading={start.isPending} onClick={() => start.mutate({ sessionId: session.id })}>
          Start session
        </Button>
      ) : null}
      <Switch
        label="Students may use camera and microphone"
        checked={session.studentMedia}
        disabled={media.isPending}
        onChange={(e) => media.mutate({ sessionId: session.id, allowed: e.currentTarget.checked })}
      />
      <ConfirmButton
        color="red"
        variant="light"
        title="End the session for everyone?"
        message="Everyone is disconnected and nobody can join again. Schedule a new session to meet again."
        confirmLabel="End session"
        onConfirm={() => end.mutateAsync({ sessionId: session.id })}
      >
        End for everyone
      </ConfirmButton>
    </Group>
  );
}
