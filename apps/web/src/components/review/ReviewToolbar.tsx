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

/** Search, the "typing now" / "failing" filter, the sort order, and the keyboard hints. */
export function ReviewToolbar({ text, onText, filter, onFilter, sort, onSort, shown, total }: ReviewToolbarProps) {
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <TextInput
        label="Search students"
        placeholder="Name or email"
        value={text}
        onChange={(e) => onText(e.currentTarget.value)}
        w={240}
        type="search"
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="review-filter-label">
          Show
        </Text>
        <SegmentedControl
          aria-labelledby="review-filter-label"
          value={filter}
          onChange={(v) => onFilter(v as ReviewFilter)}
          data={[
            { value: "all", label: "Everyone" },
            { value: "typing", label: "Typing now" },
            { value: "failing", label: "Failing" },
          ]}
        />
      </div>
      <Select
        label="Sort by"
        value={sort}
        onChange={(v) => v && onSort(v as ReviewSort)}
        allowDeselect={false}
        data={[
          { value: "name", label: "Name" },
          { value: "lastEdit", label: "Last edit" },
          { value: "verdict", label: "Last run (failing first)" },
        ]}
        w={220}
      />
      <Text size="sm" c="dimmed" aria-live="polite">
        {shown} of {total} students
      </Text>
      <Text size="sm" c="dimmed">
        <Kbd size="xs">J</Kbd>/<Kbd size="xs">K</Kbd> next/previous · <Kbd size="xs">Enter</Kbd> open · <Kbd size="xs">Esc</Kbd> back to the
        list
      </Text>
    </Group>
  );
}
