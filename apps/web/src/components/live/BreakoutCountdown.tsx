import { Badge } from "@mantine/core";
import { useNow } from "../../hooks/useNow.ts";

/** "12:34 left" until `endsAt`, refreshed every second; screen readers get the end time, not every tick. */
export function BreakoutCountdown({ endsAt }: { endsAt: Date | string }) {
  const now = useNow(1000);
  const end = new Date(endsAt);
  const left = Math.max(0, Math.ceil((end.getTime() - now) / 1000));
  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  const label = `Groups are recalled at ${end.toLocaleTimeString(undefined, { timeStyle: "short" })}`;
  return (
    <Badge size="lg" variant="light" color={left <= 60 ? "red" : "blue"} aria-label={label} title={label}>
      {left === 0 ? "Time is up" : `${text} left`}
    </Badge>
  );
}
