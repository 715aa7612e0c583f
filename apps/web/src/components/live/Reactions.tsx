import { Box, Button, Group, Text } from "@mantine/core";
import { useReducedMotion } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { SessionDetail } from "./types.ts";

/** The reactions the server accepts (validators' reactionEmojis), with names for screen readers. */
const reactions = [
  { emoji: "👍", name: "thumbs up" },
  { emoji: "👏", name: "applause" },
  { emoji: "😂", name: "laughing" },
  { emoji: "❤️", name: "heart" },
  { emoji: "🎉", name: "celebrate" },
  { emoji: "❓", name: "question" },
] as const;
type Emoji = (typeof reactions)[number]["emoji"];

/** How long a burst stays on screen, ms. */
const burstMs = 2500;
/** At most this many bursts at once; more would hide the video. */
const maxBursts = 30;

const keyframes = `@keyframes codeclass-reaction-rise {
  from { transform: translateY(0) scale(1); opacity: 1; }
  to { transform: translateY(-40vh) scale(1.4); opacity: 0; }
}
@keyframes codeclass-reaction-fade { from { opacity: 1; } to { opacity: 0; } }`;

/**
 * Reaction buttons and the bursts everyone in the live session sends, floating up over the
 * page's lower left (where the video sits). With reduced motion they appear and fade in place.
 */
export function Reactions({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const reduced = useReducedMotion();
  const [bursts, setBursts] = useState<{ id: string; emoji: Emoji; left: number }[]>([]);
  const live = session.status === "live";

  const show = useCallback((r: { id: string; emoji: Emoji }) => {
    setBursts((all) => (all.some((b) => b.id === r.id) ? all : [...all.slice(-(maxBursts - 1)), { ...r, left: 4 + Math.random() * 20 }]));
    setTimeout(() => setBursts((all) => all.filter((b) => b.id !== r.id)), burstMs);
  }, []);

  useSubscription(trpc.reactions.events.subscriptionOptions({ sessionId: session.id }, { enabled: live, onData: show }));
  const send = useMutation(
    trpc.reactions.send.mutationOptions({
      onSuccess: show,
      onError: (error) => notifications.show({ color: "orange", title: "Reaction not sent", message: errorMessage(error) }),
    }),
  );

  if (!live) return null;
  return (
    <>
      <Group gap={4} role="group" aria-label="Send a reaction">
        <Text size="sm" c="dimmed" mr={4}>
          React:
        </Text>
        {reactions.map((r) => (
          <Button
            key={r.emoji}
            variant="default"
            size="compact-md"
            aria-label={`React with ${r.name}`}
            title={r.name}
            onClick={() => send.mutate({ sessionId: session.id, emoji: r.emoji })}
          >
            <span aria-hidden="true">{r.emoji}</span>
          </Button>
        ))}
      </Group>
      <style>{keyframes}</style>
      <Box
        aria-hidden="true"
        style={{
          position: "fixed",
          left: 0,
          bottom: 0,
          width: "100vw",
          height: "50vh",
          pointerEvents: "none",
          overflow: "hidden",
          zIndex: 200,
        }}
      >
        {bursts.map((b) => (
          <span
            key={b.id}
            style={{
              position: "absolute",
              bottom: reduced ? "12vh" : "2vh",
              left: `${b.left}%`,
              fontSize: 36,
              animation: `${reduced ? "codeclass-reaction-fade" : "codeclass-reaction-rise"} ${burstMs}ms ease-out forwards`,
            }}
          >
            {b.emoji}
          </span>
        ))}
      </Box>
    </>
  );
}
