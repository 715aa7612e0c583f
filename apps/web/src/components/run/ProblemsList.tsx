import { Badge, Stack, Text, UnstyledButton } from "@mantine/core";
import type { Problem } from "./markers.ts";

/** The last run's problems; a click (or Enter) opens the file at the line. */
export function ProblemsList({ problems, onOpen }: { problems: readonly Problem[]; onOpen: (p: Problem) => void }) {
  if (problems.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No problems in the last run. Compiler errors and tracebacks are listed here, each linked to its line.
      </Text>
    );
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label="Problems">
      {problems.map((p, i) => (
        <li key={`${p.file}:${p.line}:${i}`}>
          <UnstyledButton
            onClick={() => onOpen(p)}
            w="100%"
            p={6}
            style={{ borderRadius: "var(--mantine-radius-sm)", border: "1px solid var(--mantine-color-default-border)" }}
            aria-label={`${p.severity === "warning" ? "Warning" : "Error"} in ${p.file} line ${p.line}: ${p.message}. Open it.`}
          >
            <Badge size="xs" color={p.severity === "warning" ? "yellow" : "red"} mr={6}>
              {p.severity}
            </Badge>
            <Text span ff="monospace" size="sm" fw={600}>
              {p.file}:{p.line}
              {p.column ? `:${p.column}` : ""}
            </Text>
            <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
              {p.message}
            </Text>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}
