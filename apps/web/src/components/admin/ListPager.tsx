import { Group, Pagination, Text } from "@mantine/core";

/** "51–100 of 100,000" and the page buttons under an admin list. */
export function ListPager({
  page,
  pageSize,
  total,
  label,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** What the list holds, for the pager's accessible name ("users"). */
  label: string;
  onChange: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 0 ? `No ${label}` : `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()} ${label}`}
      </Text>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          siblings={1}
          boundaries={1}
          getControlProps={(control) => ({ "aria-label": `${control} page` })}
          getItemProps={(p) => ({ "aria-label": `Page ${p} of ${label}` })}
        />
      ) : null}
    </Group>
  );
}
