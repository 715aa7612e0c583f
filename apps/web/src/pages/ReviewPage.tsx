import { EmptyState, LoadingState } from "@codeclass/ui";
import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { CourseDetail, RosterWorkspace, SandboxLanguages } from "../api-types.ts";
import { AssignmentViewPicker } from "../components/assignment/AssignmentViewPicker.tsx";
import { useCollabConnections } from "../components/collab/useCollab.ts";
import { usePresenceMe } from "../components/collab/usePresenceMe.ts";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { describeHelp, type NeedsHelp } from "../components/review/needsHelp.ts";
import classes from "../components/review/ReviewPanel.module.css";
import { ReviewToolbar } from "../components/review/ReviewToolbar.tsx";
import { helpOf, type ReviewFilter, type ReviewSort, reviewList } from "../components/review/reviewList.ts";
import { StudentCard } from "../components/review/StudentCard.tsx";
import { StudentView } from "../components/review/StudentView.tsx";
import { useReviewKeys } from "../components/review/useReviewKeys.ts";
import { type LiveSummary, useStudentSummaries, type WatchedStudent } from "../components/review/useStudentSummaries.ts";
import { useNow } from "../hooks/useNow.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

/** /courses/:courseId/review — staff watch every student's workspace live, and open one to help. */
export function ReviewPage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const course = useQuery(trpc.course.get.queryOptions({ courseId }));
  const languages = useQuery(trpc.run.languages.queryOptions());
  // Refreshed for the last-run verdicts; edits and typing arrive live over the socket.
  const roster = useQuery(trpc.workspace.roster.queryOptions({ courseId }, { refetchInterval: 15_000 }));
  usePageTitle(course.data ? `Review · ${course.data.course.code}` : "Review");

  const back = (
    <Group gap="xs" wrap="nowrap">
      <AssignmentViewPicker courseId={courseId} />
      <Button component={Link} to={`/courses/${courseId}`} size="xs" variant="default">
        Back to the course
      </Button>
    </Group>
  );
  const failed = [course, languages, roster].find((q) => q.isError);
  if (failed?.isError)
    return (
      <CourseLoadError
        error={failed.error}
        courseId={courseId}
        onRetry={() => void failed.refetch()}
        title="Could not load the review panel"
        forbiddenTitle="Only the course’s instructors and TAs can review students"
        forbiddenHint="Open your own workspace from the course page instead."
      />
    );
  if (!course.data || !languages.data || !roster.data) return <LoadingState label="Loading the students…" />;
  if (roster.data.length === 0)
    return (
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={1} size="h3">
            Review students
          </Title>
          {back}
        </Group>
        <EmptyState title="No students yet" description="Enroll students on the course page: their workspaces appear here." />
      </Stack>
    );
  return <ReviewPanel course={course.data} roster={roster.data} languages={languages.data} back={back} />;
}

interface ReviewPanelProps {
  course: CourseDetail;
  roster: RosterWorkspace[];
  languages: SandboxLanguages;
  back: ReactNode;
}

function ReviewPanel({ course, roster, languages, back }: ReviewPanelProps) {
  const me = usePresenceMe(course.myRole);
  const names = useMemo(() => roster.map((s) => s.workspace.documentName), [roster]);
  // One shared socket, one provider per student (docs/collab.md).
  const conns = useCollabConnections(names);
  const watched = useMemo<WatchedStudent[]>(
    () =>
      roster.map((s) => ({
        userId: s.userId,
        documentName: s.workspace.documentName,
        lastEditAt: s.lastEditAt ? new Date(s.lastEditAt) : null,
      })),
    [roster],
  );
  const summaries = useStudentSummaries(watched, conns);
  const now = useNow(15_000);
  // Each card's "needs help" stays the same object while it reads the same, so memoized cards skip it.
  const helps = useRef(new Map<string, NeedsHelp>());
  const helpFor = (student: RosterWorkspace, summary: LiveSummary | undefined): NeedsHelp => {
    const fresh = helpOf(student, summary, now);
    const old = helps.current.get(student.userId);
    if (old && describeHelp(old) === describeHelp(fresh)) return old;
    helps.current.set(student.userId, fresh);
    return fresh;
  };
  const [text, setText] = useState("");
  const [filter, setFilter] = useState<ReviewFilter>("all");
  const [sort, setSort] = useState<ReviewSort>("needsHelp");
  const [params, setParams] = useSearchParams();
  const openedId = params.get("student");
  const [selectedId, setSelectedId] = useState<string | null>(openedId);
  const [follow, setFollow] = useState(false);
  const shown = reviewList(roster, summaries, { text, filter, sort, now });
  const opened = openedId ? roster.find((s) => s.userId === openedId) : undefined;
  const selected = shown.find((s) => s.userId === selectedId) ?? shown[0];
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const open = (userId: string) => {
    setSelectedId(userId);
    setFollow(false);
    setParams({ student: userId });
  };
  // The same functions for every card on every render, so the memoized cards skip unchanged students.
  const openRef = useRef(open);
  openRef.current = open;
  const onOpen = useCallback((userId: string) => openRef.current(userId), []);
  const registerButton = useCallback((userId: string, el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(userId, el);
    else buttons.current.delete(userId);
  }, []);
  const move = (step: number) => {
    const list = opened ? roster : shown;
    const current = opened ?? selected;
    const index = current ? list.findIndex((s) => s.userId === current.userId) : -1;
    const next = list[(index + step + list.length) % list.length];
    if (!next) return;
    if (opened) open(next.userId);
    else setSelectedId(next.userId);
  };
  useReviewKeys({
    next: () => move(1),
    previous: () => move(-1),
    open: () => !opened && selected && open(selected.userId),
    back: () => opened && setParams({}),
    toggleFollow: () => opened && setFollow((f) => !f),
  });
  // The selected card keeps the keyboard focus, so J/K read out where the reader is.
  useEffect(() => {
    if (!opened && selectedId) {
      const button = buttons.current.get(selectedId);
      button?.focus({ preventScroll: true });
      button?.closest("article")?.scrollIntoView({ block: "nearest" });
    }
  }, [selectedId, opened]);

  const conn = opened ? conns.get(opened.workspace.documentName) : undefined;
  if (opened && me && conn) {
    return (
      <StudentView
        key={opened.userId}
        courseId={course.course.id}
        student={opened}
        conn={conn}
        me={me}
        languages={languages}
        follow={follow}
        onFollow={setFollow}
        onPrevious={() => move(-1)}
        onNext={() => move(1)}
        onBack={() => setParams({})}
      />
    );
  }
  return (
    <div className={classes.panel}>
      <div className={classes.header}>
        <Title order={1} size="h4">
          Review students
        </Title>
        <Text size="sm" c="dimmed" truncate maw={260}>
          {course.course.code} · {course.course.title}
        </Text>
        <ReviewToolbar
          text={text}
          onText={setText}
          filter={filter}
          onFilter={setFilter}
          sort={sort}
          onSort={setSort}
          shown={shown.length}
          total={roster.length}
        />
        <div className={classes.back}>{back}</div>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No student matches" description="Clear the search or choose Everyone to see all students." />
      ) : (
        <section className={classes.grid} aria-label="Students">
          {shown.map((s) => {
            const summary = summaries.get(s.userId);
            return (
              <StudentCard
                key={s.userId}
                student={s}
                summary={summary}
                help={helpFor(s, summary)}
                selected={s.userId === selected?.userId}
                now={now}
                onOpen={onOpen}
                buttonRef={registerButton}
              />
            );
          })}
        </section>
      )}
    </div>
  );
}
