import { Alert, Code, List, Text } from "@mantine/core";

/** The video area when the server has no LiveKit: how to enable video. Everything else of the session works. */
export function VideoNotConfigured({ staff }: { staff: boolean }) {
  return (
    <Alert color="gray" title="Video is not configured on this server" role="status">
      <Text size="sm" mb="xs">
        {staff
          ? "The session works without video; to add it, whoever runs this server can:"
          : "The session works without video. Ask whoever runs this server to enable it:"}
      </Text>
      <List size="sm" type="ordered">
        <List.Item>
          Run a LiveKit server, for a try <Code>livekit-server --dev</Code> (see “Live sessions” in the README).
        </List.Item>
        <List.Item>
          Set <Code>LIVEKIT_URL</Code> (e.g. <Code>ws://localhost:7880</Code>), <Code>LIVEKIT_API_KEY</Code> and{" "}
          <Code>LIVEKIT_API_SECRET</Code> (<Code>devkey</Code> and <Code>secret</Code> with <Code>--dev</Code>), then restart the server.
        </List.Item>
      </List>
    </Alert>
  );
}
