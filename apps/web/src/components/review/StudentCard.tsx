import { Badge, Box, Button, Group, Paper, Text } from "@mantine/core";
import { memo } from "react";
import type { RosterWorkspace } from "../../api-types.ts";
import { formatWhen, verdictStyle } from "../run/runFormat.ts";
import classes from "./StudentCard.module.css";
import type { LiveSummary } from "./useStudentSummaries.ts";

export interface StudentCardProps {
  student: RosterWorkspace;
  summary: LiveSummary | undefined;
  selected: boolean;
  now: number;
  /** These get the student's user id, so the panel can pass the same functions to every card. */
  onOpen: (userId: string) => void;
  onSelect: (userId: string) => void;
  /** The card's Open button (null when it goes), for moving the focus between cards. */
  buttonRef?: (userId: string, button: HTMLButtonElement | null) => void;
}

/**
 * One student in the review panel: name, typing, last edit, last verdict, and a preview of their code.
 * Memoized: with stable callbacks, a card renders again only when its student or summary changed.
 */
export const StudentCard = memo(function StudentCard({ student, summary, selected, now, onOpen, onSelect, buttonRef }: StudentCardProps) {
  const verdict = student.lastRun?.verdict ? verdictStyle(student.lastRun.verdict) : null;
  const lastEdit = summary?.lastEditAt ?? (student.lastEditAt ? new Date(student.lastEditAt) : null);
  const headingId = `student-${student.userId}`;
  return (
    <Paper
      component="article"
      withBorder
      p="sm"
      radius="md"
      className={classes.card}
      data-selected={selected || undefined}
      aria-labelledby={headingId}
      onClick={() => onSelect(student.userId)}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} id={headingId} truncate>
            {student.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {student.email}
          </Text>
        </div>
        <Button
          ref={buttonRef ? (el) => buttonRef(student.userId, el) : undefined}
          size="compact-sm"
          variant={selected ? "filled" : "light"}
          onClick={() => onOpen(student.userId)}
          aria-label={`Open ${student.name}'s workspace`}
        >
          Open
        </Button>
      </Group>
      <Group gap={6} mt={6} wrap="wrap">
        {summary?.typing ? (
          <Badge color="green" variant="filled" size="sm">
            Typing now
          </Badge>
        ) : summary?.present ? (
          <Badge color="teal" variant="light" size="sm">
            Online
          </Badge>
        ) : null}
        {verdict ? (
          <Badge color={verdict.color} variant="light" size="sm">
            Last run: {verdict.label}
          </Badge>
        ) : (
          <Badge color="gray" variant="outline" size="sm">
            No runs
          </Badge>
        )}
        {summary?.openComments ? (
          <Badge color="yellow" variant="light" size="sm">
            {summary.openComments} open {summary.openComments === 1 ? "comment" : "comments"}
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {lastEdit ? (
          <>
            Last edit{" "}
            <time dateTime={lastEdit.toISOString()} title={lastEdit.toLocaleString()}>
              {formatWhen(lastEdit, now)}
            </time>
          </>
        ) : (
          "No edits yet"
        )}
        {summary?.file ? ` · ${summary.file}` : ""}
      </Text>
      <Box component="pre" className={classes.preview} aria-label={`Preview of ${student.name}'s ${summary?.file ?? "code"}`}>
        {summary?.preview
          ? summary.preview.lines.map((line, i) => (
              <span key={summary.preview!.firstLine + i} className={classes.line}>
                <span className={classes.lineNo} aria-hidden>
                  {summary.preview!.firstLine + i}
                </span>
                {line || " "}
              </span>
            ))
          : summary?.synced
            ? "No files."
            : "Loading…"}
      </Box>
    </Paper>
  );
});
