import { Group, Kbd, SegmentedControl, Select, Text, TextInput } from "@mantine/core";
import type { ReviewFilter, ReviewSort } from "./reviewList.ts";

export interface ReviewToolbarProps {
  text: string;
  onText: (text: string) => void;
  filter: ReviewFilter;
  onFilter: (filter: ReviewFilter) => void;
  sort: ReviewSort;
  onSort: (sort: ReviewSort) => void;
  shown: number;
  total: number;
}

/** Search, the "typing now" / "failing" filter, the sort order, and the keyboard hints, on one line. */
export function ReviewToolbar({ text, onText, filter, onFilter, sort, onSort, shown, total }: ReviewToolbarProps) {
  return (
    <Group gap="sm" wrap="wrap" role="toolbar" aria-label="Students shown">
      <TextInput
        aria-label="Search students"
        placeholder="Search name or email"
        value={text}
        onChange={(e) => onText(e.currentTarget.value)}
        w={200}
        size="xs"
        type="search"
      />
      <SegmentedControl
        aria-label="Show"
        size="xs"
        value={filter}
        onChange={(v) => onFilter(v as ReviewFilter)}
        data={[
          { value: "all", label: "Everyone" },
          { value: "typing", label: "Typing now" },
          { value: "failing", label: "Failing" },
        ]}
      />
      <Select
        aria-label="Sort by"
        size="xs"
        value={sort}
        onChange={(v) => v && onSort(v as ReviewSort)}
        allowDeselect={false}
        leftSection={
          <Text size="xs" c="dimmed" aria-hidden>
            Sort
          </Text>
        }
        leftSectionWidth={40}
        data={[
          { value: "needsHelp", label: "Needs help first" },
          { value: "name", label: "Name" },
          { value: "lastEdit", label: "Last edit" },
          { value: "verdict", label: "Last run (failing first)" },
        ]}
        w={230}
      />
      <Text size="xs" c="dimmed" aria-live="polite">
        {shown} of {total} students
      </Text>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">J</Kbd>/<Kbd size="xs">K</Kbd> move · <Kbd size="xs">Enter</Kbd> open · <Kbd size="xs">Esc</Kbd> back
      </Text>
    </Group>
  );
}
