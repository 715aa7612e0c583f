import { AreaChart, BarChart, MatrixChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { shortDay, weekdayName } from "./activityRange.ts";
import type { ActivityData, StackedSeries } from "./types.ts";

const palette = ["blue.6", "teal.6", "orange.6", "grape.6", "yellow.6", "cyan.6", "pink.6", "lime.6", "indigo.6", "red.6", "gray.6"];

/** Verdicts in colours that read as their meaning (green fine, red the code's fault, gray not the code's). */
const verdictColors: Record<string, string> = {
  OK: "green.6",
  COMPILE_ERROR: "orange.6",
  RUNTIME_ERROR: "red.6",
  TIME_LIMIT: "yellow.6",
  MEMORY_LIMIT: "grape.6",
  OUTPUT_LIMIT: "pink.6",
  STOPPED: "gray.5",
  INTERNAL_ERROR: "dark.4",
  PENDING: "blue.3",
};

const verdictLabels: Record<string, string> = {
  OK: "OK",
  COMPILE_ERROR: "Compile error",
  RUNTIME_ERROR: "Runtime error",
  TIME_LIMIT: "Time limit",
  MEMORY_LIMIT: "Memory limit",
  OUTPUT_LIMIT: "Output limit",
  STOPPED: "Stopped",
  INTERNAL_ERROR: "Internal error",
  PENDING: "Not finished",
};

export const verdictLabel = (key: string) => verdictLabels[key] ?? key;

const height = 240;

export function ActiveStudentsChart({ data }: { data: ActivityData["activeStudents"] }) {
  return (
    <AreaChart
      h={height}
      data={data.map((d) => ({ ...d, label: shortDay(d.day) }))}
      dataKey="label"
      series={[{ name: "students", label: "Active students", color: "blue.6" }]}
      curveType="monotone"
      yAxisProps={{ allowDecimals: false }}
      withDots={data.length <= 31}
    />
  );
}

/** A stacked bar per day, one segment per key (a language or a verdict). Keys are passed as "k0", "k1"… so any text is safe as a key. */
export function StackedRunsChart({ series, kind }: { series: StackedSeries; kind: "language" | "verdict" }) {
  const data = series.rows.map((r) => ({
    label: shortDay(r.day),
    ...Object.fromEntries(series.keys.map((k, i) => [`k${i}`, r.counts[k] ?? 0])),
  }));
  return (
    <BarChart
      h={height}
      data={data}
      dataKey="label"
      type="stacked"
      withLegend
      yAxisProps={{ allowDecimals: false }}
      series={series.keys.map((k, i) => ({
        name: `k${i}`,
        label: kind === "verdict" ? verdictLabel(k) : k,
        color: kind === "verdict" ? (verdictColors[k] ?? palette[i % palette.length]) : palette[i % palette.length],
      }))}
    />
  );
}

export function EditsChart({ data }: { data: ActivityData["edits"] }) {
  return (
    <BarChart
      h={height}
      data={data.map((d) => ({ ...d, label: shortDay(d.day) }))}
      dataKey="label"
      yAxisProps={{ allowDecimals: false }}
      series={[{ name: "edits", label: "Edits", color: "teal.6" }]}
    />
  );
}

/** Weekday × hour: each cell is the runs and edits of that hour of that weekday over the range. */
export function BusiestHoursChart({ data }: { data: ActivityData["busiestHours"] }) {
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d).slice(0, 3));
  const cells = data.map((c) => ({
    x: hours[c.hour]!,
    y: days[c.weekday - 1]!,
    // An hour without events is drawn in the empty colour, not as the palest shade of "busy".
    value: c.runs + c.edits || null,
  }));
  const byCell = new Map(data.map((c) => [`${c.weekday - 1}:${c.hour}`, c]));
  return (
    <div style={{ overflowX: "auto" }}>
      <MatrixChart
        data={cells}
        xLabels={hours}
        yLabels={days}
        withXLabels
        withYLabels
        xLabelsRotation={0}
        xLabelsHeight={24}
        yLabelsWidth={40}
        cellSize={26}
        emptyColor="gray.1"
        withLegend
        legendLabels={["Quiet", "Busy"]}
        withTooltip
        getTooltipLabel={(cell) => {
          const c = byCell.get(`${days.indexOf(cell.y)}:${Number(cell.x)}`);
          return c ? `${weekdayName(c.weekday)} ${cell.x}:00–${cell.x}:59: ${c.runs} runs, ${c.edits} edits` : "";
        }}
      />
    </div>
  );
}
