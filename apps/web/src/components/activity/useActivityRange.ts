import { useState } from "react";
import { useSearchParams } from "react-router";
import { lastDays, type RangeChoice, rangeProblems, viewerTimeZone } from "./activityRange.ts";

/**
 * The dashboard's range, kept in the address (`?from=…&to=…`) so a view can be shared or
 * reloaded; the last 30 days when the address has none (or a range the server would refuse).
 */
export function useActivityRange() {
  const [timeZone] = useState(viewerTimeZone);
  const [params, setParams] = useSearchParams();
  const asked = { from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const ok = asked.from && asked.to && Object.keys(rangeProblems(asked, timeZone)).length === 0;
  const range: RangeChoice = ok ? asked : lastDays(30, timeZone);
  const setRange = (next: RangeChoice) =>
    setParams(
      (p) => {
        p.set("from", next.from);
        p.set("to", next.to);
        return p;
      },
      { replace: true },
    );
  return { range, setRange, timeZone };
}
