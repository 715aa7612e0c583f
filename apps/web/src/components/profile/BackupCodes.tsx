import { Button, CopyButton, Paper, SimpleGrid, Stack, Text } from "@mantine/core";

/** One-time backup codes, with a button that copies them all. */
export function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        Save these backup codes somewhere safe, such as a password manager. If you lose your authenticator app, each code signs you in once.
      </Text>
      <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
        <SimpleGrid cols={2} spacing={4} component="ul" aria-label="Backup codes" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {codes.map((code) => (
            <Text component="li" key={code} ff="monospace" fz="sm">
              {code}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <CopyButton value={codes.join("\n")}>
        {({ copied, copy }) => (
          <Button variant="light" size="xs" onClick={copy} color={copied ? "teal" : undefined} w="fit-content">
            {copied ? "Copied" : "Copy backup codes"}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
