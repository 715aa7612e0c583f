import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useTRPC } from "../../trpc.ts";

/** The review panel's way into an assignment view: each student's status, grade and latest failing test for one assignment. */
export function AssignmentViewPicker({ courseId }: { courseId: string }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const list = useQuery(trpc.assignment.list.queryOptions({ courseId }));
  if (!list.data?.length) return null;
  return (
    <Select
      size="xs"
      aria-label="Assignment view"
      placeholder="Assignment view…"
      data={list.data.map((a) => ({ value: a.id, label: a.title }))}
      value={null}
      onChange={(id) => id && void navigate(`/courses/${courseId}/assignments/${id}?tab=students`)}
      maw={220}
    />
  );
}
