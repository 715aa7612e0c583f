import { activityMaxDays } from "@codeclass/validators";
import { Button, Group, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { lastDays, type RangeChoice, rangeProblems } from "./activityRange.ts";

export interface RangePickerProps {
  value: RangeChoice;
  timeZone: string;
  onChange: (range: RangeChoice) => void;
}

const presets = [7, 30, 90, 365];

/**
 * The dashboard's date range: two date fields (applied with "Show", or Enter) and presets for the
 * last 7, 30, 90 and 365 days. A range the server would refuse is named under its field and not sent.
 */
export function RangePicker({ value, timeZone, onChange }: RangePickerProps) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  // The applied range changed from outside (a preset, the address): the fields follow it.
  if (shown.from !== value.from || shown.to !== value.to) {
    setShown(value);
    setDraft(value);
  }
  const problems = rangeProblems(draft, timeZone);
  const valid = !problems.from && !problems.to;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onChange(draft);
      }}
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label="From"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          error={problems.from}
          required
        />
        <TextInput
          type="date"
          label="To"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          error={problems.to}
          required
        />
        <Button type="submit" disabled={!valid}>
          Show
        </Button>
        <Group gap={4} role="group" aria-label="Quick ranges">
          {presets.map((days) => (
            <Button key={days} variant="subtle" size="compact-sm" onClick={() => onChange(lastDays(days, timeZone))}>
              Last {days} days
            </Button>
          ))}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        Days and hours are those of your time zone, {timeZone}. Both days are included; at most {activityMaxDays} days.
      </Text>
    </form>
  );
}
