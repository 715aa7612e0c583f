import { Badge, Tooltip } from "@mantine/core";
import type { SyncState } from "./connection.ts";
import { syncLabel } from "./syncLabel.ts";

/** "Saved" / "Saving…" / "Offline — N changes pending", announced politely to screen readers. */
export function SyncBadge({ state }: { state: SyncState }) {
  const { label, color, hint } = syncLabel(state);
  return (
    <Tooltip label={hint} multiline w={280} withArrow>
      <Badge color={color} variant="light" size="lg" role="status" aria-live="polite" aria-label={`Sync: ${label}`} tabIndex={0}>
        {label}
      </Badge>
    </Tooltip>
  );
}
