import { EmptyState, ErrorState, LoadingState } from "@codeclass/ui";
import { Button, Group, Pagination, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { RunLanguageId } from "../run/files.ts";
import { verdictStyle } from "../run/runFormat.ts";
import { AttendanceList } from "./AttendanceList.tsx";
import { MyRunsTable } from "./MyRunsTable.tsx";
import { useLanguageNames } from "./useLanguageNames.ts";

const pageSize = 20;
const verdicts = ["OK", "COMPILE_ERROR", "RUNTIME_ERROR", "TIME_LIMIT", "MEMORY_LIMIT", "OUTPUT_LIMIT", "STOPPED", "INTERNAL_ERROR"];
const verdictOptions = [
  ...verdicts.map((v) => ({ value: v, label: verdictStyle(v).label })),
  { value: "PENDING", label: "Queued or running" },
];

interface Filters {
  courseId: string | null;
  language: string | null;
  verdict: string | null;
  /** yyyy-mm-dd from the date inputs, in the reader's time zone. */
  from: string;
  to: string;
}
const noFilters: Filters = { courseId: null, language: null, verdict: null, from: "", to: "" };

/** The start of a local day, or its last millisecond: the range covers whole days where the reader is. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`) : undefined);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`) : undefined);

/** My page's learning history: my runs and the live sessions I attended, filtered and paged on the server. */
export function HistoryPanel() {
  const trpc = useTRPC();
  const headingId = useId();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState(1);
  const dashboard = useQuery(trpc.me.dashboard.queryOptions());
  const languages = useLanguageNames();
  const rangeProblem = filters.from && filters.to && filters.from > filters.to ? "The end date is before the start date." : null;
  const history = useQuery({
    ...trpc.me.history.queryOptions({
      courseId: filters.courseId ?? undefined,
      language: (filters.language ?? undefined) as RunLanguageId | undefined,
      verdict: filters.verdict ?? undefined,
      from: dayStart(filters.from),
      to: dayEnd(filters.to),
      page,
      pageSize,
    }),
    enabled: !rangeProblem,
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const courses = [...(dashboard.data?.taking ?? []), ...(dashboard.data?.teaching ?? [])].map((c) => ({
    value: c.id,
    label: `${c.code} · ${c.title}`,
  }));
  const total = history.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = (page - 1) * pageSize + 1;
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="form" aria-label="Filter my runs" onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
          <Select
            label="Course"
            placeholder="All courses"
            data={courses}
            value={filters.courseId}
            onChange={(v) => set({ courseId: v })}
            clearable
            searchable
          />
          <Select
            label="Language"
            placeholder="All languages"
            data={languages.list.map((l) => ({ value: l.id, label: l.name }))}
            value={filters.language}
            onChange={(v) => set({ language: v })}
            clearable
          />
          <Select
            label="Result"
            placeholder="All results"
            data={verdictOptions}
            value={filters.verdict}
            onChange={(v) => set({ verdict: v })}
            clearable
          />
          <TextInput label="From" type="date" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          <TextInput label="To" type="date" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} error={rangeProblem} />
        </SimpleGrid>
        {filtered ? (
          <Button variant="subtle" size="xs" mt="sm" onClick={() => set(noFilters)}>
            Clear filters
          </Button>
        ) : null}
      </Paper>

      <Title order={3} size="h5" id={headingId}>
        My runs
      </Title>
      {rangeProblem ? null : history.isPending ? (
        <LoadingState label="Loading your runs…" />
      ) : history.isError ? (
        <ErrorState title="Could not load your runs" message={errorMessage(history.error)} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No runs match these filters" : "No runs yet"}
          description={filtered ? "Widen the dates or clear a filter." : "Open a course and press Run: every run you make is kept here."}
        />
      ) : (
        <>
          <MyRunsTable runs={history.data.items} labelledBy={headingId} languageName={languages.name} />
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {`${first.toLocaleString()}–${Math.min(total, page * pageSize).toLocaleString()} of ${total.toLocaleString()} runs`}
            </Text>
            {pages > 1 ? (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ "aria-label": `${control} page` })}
                getItemProps={(p) => ({ "aria-label": `Page ${p}` })}
              />
            ) : null}
          </Group>
        </>
      )}
      {rangeProblem ? null : (
        <AttendanceList courseId={filters.courseId ?? undefined} from={dayStart(filters.from)} to={dayEnd(filters.to)} />
      )}
      <Text size="xs" c="dimmed">
        Assignment submissions will join this history once assignments arrive; the language and result filters apply to runs only.
      </Text>
    </Stack>
  );
}
