import { type Comment, commentPosition } from "@codeclass/workspace-doc";
import { Badge, Button, Group, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import type * as Y from "yjs";
import { formatWhen } from "../run/runFormat.ts";

export interface CommentListProps {
  doc: Y.Doc;
  comments: readonly Comment[];
  /** Whether the reader may resolve and reopen (write access). */
  canResolve: boolean;
  onGoTo: (file: string, line: number) => void;
  onResolve: (id: string, resolved: boolean) => void;
}

/** The workspace's review comments: open ones, and on request the resolved ones too. */
export function CommentList({ doc, comments, canResolve, onGoTo, onResolve }: CommentListProps) {
  const [showResolved, setShowResolved] = useState(false);
  const headingId = useId();
  const open = comments.filter((c) => !c.resolved);
  const shown = showResolved ? comments : open;
  return (
    <Stack component="section" gap="xs" aria-labelledby={headingId}>
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h5" id={headingId}>
          Comments{" "}
          <Badge size="sm" variant="light" color={open.length ? "yellow" : "gray"}>
            {open.length} open
          </Badge>
        </Title>
        <Switch size="xs" label="Show resolved" checked={showResolved} onChange={(e) => setShowResolved(e.currentTarget.checked)} />
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {comments.length ? "No open comments." : "No comments yet."}
        </Text>
      ) : (
        <Stack gap={6} role="list">
          {shown.map((c) => {
            const line = commentPosition(doc, c)?.line ?? c.line;
            return (
              <Paper
                key={c.id}
                withBorder
                p="xs"
                radius="sm"
                role="listitem"
                opacity={c.resolved ? 0.7 : 1}
                aria-label={`Comment by ${c.authorName} on ${c.file} line ${line}`}
              >
                <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    ff="monospace"
                    onClick={() => onGoTo(c.file, line)}
                    aria-label={`Go to ${c.file} line ${line}`}
                  >
                    {c.file}:{line}
                  </Button>
                  {c.resolved ? (
                    <Badge size="xs" color="green" variant="light">
                      Resolved
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {c.text}
                </Text>
                <Group justify="space-between" gap={4} mt={4}>
                  <Text size="xs" c="dimmed">
                    {c.authorName} · {formatWhen(new Date(c.createdAt))}
                  </Text>
                  {canResolve ? (
                    <Button
                      size="compact-xs"
                      variant={c.resolved ? "subtle" : "light"}
                      onClick={() => onResolve(c.id, !c.resolved)}
                      aria-label={`${c.resolved ? "Reopen" : "Resolve"} comment on ${c.file} line ${line}`}
                    >
                      {c.resolved ? "Reopen" : "Resolve"}
                    </Button>
                  ) : null}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
