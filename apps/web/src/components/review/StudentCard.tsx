import { Box, Tooltip, VisuallyHidden } from "@mantine/core";
import { memo } from "react";
import type { RosterWorkspace } from "../../api-types.ts";
import { formatDateTime, formatWhen, verdictStyle } from "../run/runFormat.ts";
import { describeHelp, isFailingVerdict, type NeedsHelp } from "./needsHelp.ts";
import classes from "./StudentCard.module.css";
import type { LiveSummary } from "./useStudentSummaries.ts";

export interface StudentCardProps {
  student: RosterWorkspace;
  summary: LiveSummary | undefined;
  help: NeedsHelp;
  selected: boolean;
  now: number;
  /** Gets the student's user id, so the panel can pass the same function to every card. */
  onOpen: (userId: string) => void;
  /** The card's Open button (null when it goes), for moving the focus between cards. */
  buttonRef?: (userId: string, button: HTMLButtonElement | null) => void;
}

/** "now", "4m", "2h", "3d": the card's last activity, short. */
function shortAgo(date: Date, now: number): string {
  const minutes = Math.floor((now - date.getTime()) / 60_000);
  if (minutes < 1) return "now";
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}

function helpLevel(score: number): "high" | "some" | undefined {
  return score >= 40 ? "high" : score > 0 ? "some" : undefined;
}

/**
 * One student in the review grid, dense enough for a class on one screen: presence, name, the
 * "needs help" score (explained on hover and to screen readers), last run, last activity and a
 * few live lines of the file they have open. The whole card opens the student.
 * Memoized: with stable callbacks, a card renders again only when its student or summary changed.
 */
export const StudentCard = memo(function StudentCard({ student, summary, help, selected, now, onOpen, buttonRef }: StudentCardProps) {
  const verdict = student.lastRun?.verdict ? verdictStyle(student.lastRun.verdict) : null;
  const failing = isFailingVerdict(student.lastRun?.verdict);
  const lastEdit = summary?.lastEditAt ?? (student.lastEditAt ? new Date(student.lastEditAt) : null);
  const presence = summary?.typing ? "typing" : summary?.present ? "online" : "offline";
  const headingId = `student-${student.userId}`;
  const helpId = `student-help-${student.userId}`;
  const explanation = describeHelp(help);
  return (
    <article className={classes.card} data-selected={selected || undefined} data-help={helpLevel(help.score)} aria-labelledby={headingId}>
      <div className={classes.head}>
        <span
          className={classes.dot}
          data-presence={presence}
          title={presence === "offline" ? "Not in the workspace" : "In the workspace"}
        />
        <VisuallyHidden>{presence === "offline" ? "Offline" : "Online"}</VisuallyHidden>
        <button
          type="button"
          ref={buttonRef ? (el) => buttonRef(student.userId, el) : undefined}
          className={classes.open}
          onClick={() => onOpen(student.userId)}
          aria-label={`Open ${student.name}'s workspace`}
          aria-describedby={helpId}
          title={student.email}
        >
          <span id={headingId}>{student.name}</span>
        </button>
        {summary?.openComments ? (
          <span className={classes.comments} title={`${summary.openComments} open comments`}>
            {summary.openComments}
            <VisuallyHidden> open {summary.openComments === 1 ? "comment" : "comments"}</VisuallyHidden>
          </span>
        ) : null}
        {help.score > 0 ? (
          <Tooltip
            multiline
            w={260}
            withArrow
            label={
              <>
                <b>Needs help: {help.score}</b>
                {help.reasons.map((r) => (
                  <div key={r.text}>
                    +{r.points} {r.text}
                  </div>
                ))}
              </>
            }
          >
            <span className={classes.help} aria-hidden>
              {help.score}
            </span>
          </Tooltip>
        ) : null}
      </div>
      <VisuallyHidden id={helpId}>{explanation}</VisuallyHidden>
      <div className={classes.meta}>
        <span className={classes.verdict} data-failing={failing || undefined} data-color={verdict?.color}>
          {verdict ? (
            <>
              <VisuallyHidden>Last run: </VisuallyHidden>
              {verdict.label}
            </>
          ) : (
            "No runs"
          )}
        </span>
        {summary?.typing ? (
          <span className={classes.typing}>Typing now</span>
        ) : lastEdit ? (
          <time className={classes.when} dateTime={lastEdit.toISOString()} title={`Last edit ${formatDateTime(lastEdit)}`}>
            <span aria-hidden>{shortAgo(lastEdit, now)}</span>
            <VisuallyHidden>Last edit {formatWhen(lastEdit, now)}</VisuallyHidden>
          </time>
        ) : (
          <span className={classes.when}>No edits</span>
        )}
      </div>
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
    </article>
  );
});
