import "@livekit/components-styles";
import {
  LiveKitRoom,
  type LocalUserChoices,
  PreJoin,
  RoomAudioRenderer,
  useConnectionState,
  VideoConference,
} from "@livekit/components-react";
import { Alert, Group, Loader, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { ConnectionState } from "livekit-client";
import { useEffect, useRef, useState } from "react";
import { useMe } from "../../hooks/useMe.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import classes from "./LiveVideo.module.css";
import { ParticipantsPanel } from "./ParticipantsPanel.tsx";
import type { JoinGrant, SessionDetail } from "./types.ts";
import { useSpeakerReports } from "./useSpeakerReports.ts";

/** Renew the token this long before it expires, while connected. */
const renewAheadMs = 2 * 60_000;

/** Shown over the video while LiveKit reconnects. */
function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== ConnectionState.Reconnecting && state !== ConnectionState.SignalReconnecting) return null;
  return (
    <Alert color="yellow" role="status" title="Reconnecting…">
      The connection dropped; trying again. Your camera and microphone come back when it does.
    </Alert>
  );
}

/**
 * The video of a session, or of an office-hours call (`call`): the prejoin screen (device choice
 * and preview), then the room with LiveKit's conference layout (grid, speaker focus, screen
 * share, mute, leave). A session's token is renewed while connected; leaving returns to the
 * prejoin screen.
 */
export default function LiveVideo({
  session,
  call,
  group,
}: {
  session?: SessionDetail;
  call?: { requestId: string; onLeave?: () => void };
  /** A breakout group's room instead of the session's main room. */
  group?: { id: string; number: number } | null;
}) {
  const trpc = useTRPC();
  const me = useMe();
  const [choices, setChoices] = useState<LocalUserChoices | null>(null);
  const [grant, setGrant] = useState<JoinGrant | null>(null);
  const [left, setLeft] = useState(false);
  const [roomError, setRoomError] = useState<string | null>(null);
  const sessionJoin = useMutation(trpc.live.join.mutationOptions({ onSuccess: setGrant }));
  const callJoin = useMutation(trpc.officeHours.join.mutationOptions({ onSuccess: (g) => setGrant({ ...g, groupId: null }) }));
  const join = call ? callJoin : sessionJoin;
  const startJoin = () =>
    call ? callJoin.mutate({ requestId: call.requestId }) : session && sessionJoin.mutate({ sessionId: session.id, groupId: group?.id });
  const renew = useMutation(trpc.live.renew.mutationOptions());
  const latest = useRef<JoinGrant | null>(null);
  latest.current = grant;
  const mayPublish = call ? true : Boolean(session && (session.staff || session.studentMedia));

  // A renewed token is kept for the next (re)connection; LiveKit refreshes the live connection's own.
  // (An office-hours call's token is not renewed: its connection refreshes itself; a rejoin mints a new one.)
  useEffect(() => {
    if (!grant || !session) return;
    const wait = Math.max(10_000, new Date(grant.expiresAt).getTime() - Date.now() - renewAheadMs);
    const timer = setTimeout(() => {
      const current = latest.current;
      if (!current) return;
      renew.mutate(
        { sessionId: session.id, identity: current.identity, groupId: group?.id },
        {
          onSuccess: (next) =>
            setGrant((g) => (g && g.identity === next.identity ? { ...g, token: next.token, expiresAt: next.expiresAt } : g)),
        },
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [grant, session, group?.id, renew.mutate]);

  if (!choices || !grant) {
    return (
      <Stack gap="sm">
        {group ? <Text fw={600}>Group {group.number}’s video room</Text> : null}
        {left ? <Text>You left the {call ? "call" : group ? "group’s room" : "session"}. Join again when you are ready.</Text> : null}
        {join.error ? (
          <Alert color="red" role="alert" title="Could not join the video">
            {errorMessage(join.error)}
          </Alert>
        ) : null}
        {join.isPending ? (
          <Group gap="xs">
            <Loader size="sm" />
            <Text>Joining…</Text>
          </Group>
        ) : null}
        {/* The name others see comes from the account (the token carries it), not from a field: PreJoin's own is hidden and never blocks joining. */}
        <Text size="sm">
          You join as <strong>{me.data?.name ?? "…"}</strong>.
        </Text>
        <div data-lk-theme="default" className={classes.prejoin} style={{ borderRadius: 8, overflow: "hidden" }}>
          <PreJoin
            joinLabel={call ? "Join the call" : group ? `Join group ${group.number}` : "Join the session"}
            micLabel="Microphone"
            camLabel="Camera"
            userLabel="Your name"
            defaults={{
              username: "",
              videoEnabled: mayPublish,
              audioEnabled: mayPublish,
            }}
            persistUserChoices
            onValidate={() => true}
            onSubmit={(values) => {
              setLeft(false);
              setChoices(values);
              startJoin();
            }}
          />
        </div>
        {!mayPublish ? (
          <Text size="sm" c="dimmed">
            Students watch and listen in this session; staff can let you use your camera and microphone.
          </Text>
        ) : null}
      </Stack>
    );
  }

  return (
    <LiveKitRoom
      serverUrl={grant.url}
      token={grant.token}
      connect
      video={grant.publish.camera && choices.videoEnabled ? { deviceId: choices.videoDeviceId } : false}
      audio={grant.publish.microphone && choices.audioEnabled ? { deviceId: choices.audioDeviceId } : false}
      onConnected={() => setRoomError(null)}
      onDisconnected={() => {
        setGrant(null);
        setChoices(null);
        setLeft(true);
        call?.onLeave?.();
      }}
      onError={(error) => setRoomError(error.message)}
      data-lk-theme="default"
    >
      <Stack gap="sm">
        <ConnectionBanner />
        {roomError ? (
          <Alert color="red" role="alert" title="Video trouble">
            {roomError}. Check that the LiveKit server at {grant.url} is reachable from this browser, then leave and join again.
          </Alert>
        ) : null}
        <div style={{ height: "70vh", borderRadius: 8, overflow: "hidden" }}>
          <VideoConference />
        </div>
        <RoomAudioRenderer />
        {session?.staff && !group ? <SpeakerReports sessionId={session.id} /> : null}
        {session?.staff && !group ? <ParticipantsPanel sessionId={session.id} screenShareGrants={session.screenShareGrants} /> : null}
      </Stack>
    </LiveKitRoom>
  );
}

/** Inside the room: a staff client reports the active speakers for the dashboard's talk time. */
function SpeakerReports({ sessionId }: { sessionId: string }) {
  useSpeakerReports(sessionId, true);
  return null;
}
