import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../trpc.ts";

/** Picks one account by typing part of its name or email (searched on the server, 20 at a time). */
export function ActorPicker({ value, onChange }: { value: string | null; onChange: (userId: string | null) => void }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [chosenLabel, setChosenLabel] = useState<string | null>(null);
  const [search] = useDebouncedValue(typed.trim(), 300);
  // While the field shows the chosen account's label, the list is that account's search, not the label's.
  const q = chosenLabel !== null && typed === chosenLabel ? "" : search;
  const users = useQuery({ ...trpc.admin.users.queryOptions({ q: q || undefined, pageSize: 20 }), placeholderData: keepPreviousData });
  const options = (users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  if (value && chosenLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: chosenLabel });

  return (
    <Select
      label="Who"
      placeholder="Anyone: type a name or email"
      searchable
      clearable
      data={options}
      value={value}
      searchValue={typed}
      onSearchChange={setTyped}
      // The server already matched the search; Mantine's own filter would hide matches on the email's domain part.
      filter={({ options: all }) => all}
      nothingFoundMessage={users.isFetching ? "Searching…" : "No account matches"}
      onChange={(id, option) => {
        setChosenLabel(option?.label ?? null);
        onChange(id);
      }}
    />
  );
}
