import { Box, Group, Text, VisuallyHidden } from "@mantine/core";

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** Whitespace made visible: a space as ·, a tab as →, a line end as ↵ (then the break itself). */
const visible = (s: string) => s.replace(/ /g, "·").replace(/\t/g, "→").replace(/\n/g, "↵\n");

/**
 * Expected vs actual output, word by word (the server's diff), with whitespace shown: removed
 * parts (expected, missing from the output) struck through in red, added parts (in the output,
 * not expected) in green. Each part says which it is to screen readers.
 */
export function OutputDiff({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <Box>
      <Group gap="md" mb={4}>
        <Text size="xs" c="red">
          <s>expected</s> (missing)
        </Text>
        <Text size="xs" c="green">
          <u>actual</u> (unexpected)
        </Text>
      </Group>
      <Box
        component="pre"
        aria-label="Difference between the expected and the actual output"
        style={{
          margin: 0,
          padding: 8,
          whiteSpace: "pre-wrap",
          overflowWrap: "anywhere",
          fontSize: 13,
          background: "var(--mantine-color-default)",
          borderRadius: 4,
        }}
      >
        {parts.map((p, i) =>
          p.removed ? (
            <del key={i} style={{ background: "var(--mantine-color-red-light)", color: "var(--mantine-color-red-text)" }}>
              <VisuallyHidden>expected: </VisuallyHidden>
              {visible(p.value)}
            </del>
          ) : p.added ? (
            <ins key={i} style={{ background: "var(--mantine-color-green-light)", color: "var(--mantine-color-green-text)" }}>
              <VisuallyHidden>actual: </VisuallyHidden>
              {visible(p.value)}
            </ins>
          ) : (
            <span key={i}>{visible(p.value)}</span>
          ),
        )}
      </Box>
    </Box>
  );
}
