import { useRoomContext } from "@livekit/components-react";
import { useMutation } from "@tanstack/react-query";
import { type Participant, RoomEvent } from "livekit-client";
import { useEffect, useRef } from "react";
import { useTRPC } from "../../trpc.ts";

/** How often a staff client repeats its report while someone speaks (the server credits at most 5 s per report). */
const repeatMs = 2_000;

/**
 * Staff clients only: reports the room's active speakers (LiveKit's ActiveSpeakersChanged) to
 * `dashboard.reportSpeakers`, and again every 2 s while someone speaks, for the dashboard's talk time.
 */
export function useSpeakerReports(sessionId: string, enabled: boolean) {
  const room = useRoomContext();
  const trpc = useTRPC();
  const report = useMutation(trpc.dashboard.reportSpeakers.mutationOptions());
  const send = useRef(report.mutate);
  send.current = report.mutate;
  useEffect(() => {
    if (!enabled) return;
    let speakers: string[] = [];
    const onChange = (list: Participant[]) => {
      speakers = list.map((p) => p.identity).slice(0, 50);
      send.current({ sessionId, identities: speakers });
    };
    room.on(RoomEvent.ActiveSpeakersChanged, onChange);
    const timer = setInterval(() => {
      if (speakers.length > 0) send.current({ sessionId, identities: speakers });
    }, repeatMs);
    return () => {
      room.off(RoomEvent.ActiveSpeakersChanged, onChange);
      clearInterval(timer);
    };
  }, [room, sessionId, enabled]);
}
