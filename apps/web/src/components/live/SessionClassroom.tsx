import { Grid, Stack } from "@mantine/core";
import { ChatPanel } from "./ChatPanel.tsx";
import { HandsPanel } from "./HandsPanel.tsx";
import { PollsPanel } from "./PollsPanel.tsx";
import { Reactions } from "./Reactions.tsx";
import type { SessionDetail } from "./types.ts";

/** What happens around the video, through the platform (works with video off): reactions, hands and chat. */
export function SessionClassroom({ session }: { session: SessionDetail }) {
  return (
    <Stack gap="sm">
      <Reactions session={session} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ChatPanel session={session} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <HandsPanel session={session} />
        </Grid.Col>
      </Grid>
      <PollsPanel session={session} />
    </Stack>
  );
}
