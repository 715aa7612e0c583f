import { Badge, Group, Paper, Text } from "@mantine/core";
import { formatDuration, formatMemory, type RunEndResult, verdictStyle } from "./runFormat.ts";

/** The verdict of a finished run, its message, and what it used. */
export function RunResult({ result, hint = null }: { result: RunEndResult; hint?: string | null }) {
  const { label, color } = verdictStyle(result.verdict);
  const stats = [
    { name: "Wall time", value: formatDuration(result.wallMs) },
    { name: "CPU time", value: formatDuration(result.cpuMs) },
    { name: "Memory", value: formatMemory(result.memoryKb) },
  ];
  if (result.exitCode !== null) stats.push({ name: "Exit code", value: String(result.exitCode) });
  if (result.signal) stats.push({ name: "Signal", value: result.signal });
  return (
    <Paper withBorder p={6} radius="md" aria-label="Result of the last run" style={{ flex: "none", maxHeight: "40%", overflow: "auto" }}>
      <Group gap="sm" wrap="wrap" align="center">
        <Badge color={color} variant="filled" size="md">
          {label}
        </Badge>
        {result.message ? (
          <Text size="sm" style={{ overflowWrap: "anywhere", flex: "1 1 240px" }}>
            {result.message}
          </Text>
        ) : null}
      </Group>
      {hint ? (
        <Text size="sm" mt={4} fw={500}>
          {hint}
        </Text>
      ) : null}
      <Group component="dl" gap="md" mt={4} mb={0} wrap="wrap">
        {stats.map((s) => (
          <Group key={s.name} gap={6} wrap="nowrap">
            <Text component="dt" size="sm" c="dimmed">
              {s.name}
            </Text>
            <Text component="dd" size="sm" fw={500} m={0} ff="monospace">
              {s.value}
            </Text>
          </Group>
        ))}
      </Group>
    </Paper>
  );
}
