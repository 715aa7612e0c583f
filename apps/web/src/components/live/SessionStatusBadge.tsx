import { Badge } from "@mantine/core";
import type { SessionSummary } from "./types.ts";

const look = {
  scheduled: { color: "blue", label: "Scheduled" },
  live: { color: "red", label: "Live" },
  ended: { color: "gray", label: "Ended" },
} as const;

export function SessionStatusBadge({ status }: { status: SessionSummary["status"] }) {
  const { color, label } = look[status];
  return (
    <Badge color={color} variant={status === "live" ? "filled" : "light"}>
      {label}
    </Badge>
  );
}
