import type { JoinKind } from "@codeclass/validators";
import { Box, Button, Center, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import QRCode from "react-qr-code";

/** Shows the code (or the link's QR code) full screen, large enough to read from the back of a room. */
export function PresentButton({ kind, secret, url }: { kind: JoinKind; secret: string; url: string | null }) {
  const [opened, { open, close }] = useDisclosure(false);
  const joinPage = `${window.location.origin}/join`;
  return (
    <>
      <Button size="xs" variant="default" onClick={open} aria-haspopup="dialog">
        Show full screen
      </Button>
      <Modal opened={opened} onClose={close} fullScreen title={kind === "code" ? "Join this course" : "Scan to join this course"}>
        <Center mih="70vh">
          {kind === "code" ? (
            <Stack align="center" gap="lg">
              <Text fz="xl">
                Sign in at <strong>{joinPage}</strong> and enter
              </Text>
              <Text ff="monospace" fw={700} fz="min(16vw, 160px)" lh={1}>
                {secret}
              </Text>
            </Stack>
          ) : url ? (
            <Stack align="center" gap="lg">
              <Box bg="white" p="md">
                <QRCode
                  value={url}
                  size={Math.min(520, Math.round(window.innerHeight * 0.6))}
                  role="img"
                  aria-label="QR code of the invitation link"
                />
              </Box>
              <Text size="lg" style={{ overflowWrap: "anywhere" }} ta="center">
                {url}
              </Text>
            </Stack>
          ) : null}
        </Center>
      </Modal>
    </>
  );
}
