import { Badge, Table, Text } from "@mantine/core";
import { useId } from "react";
import type { MonitorAlert } from "./types.ts";

/** As the alert mails say it: "73 jobs", "1 worker", "12.5%"; a figure not read yet is "no data yet". */
const unitText = (n: number | null, unit: string) => {
  if (n === null) return "no data yet";
  const v = Number.isInteger(n) ? String(n) : n.toFixed(2);
  if (unit === "%" || unit === "s") return `${v}${unit}`;
  if (!unit) return v;
  return `${v} ${n === 1 && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;
};

/** Every alert rule: the figure now, its threshold, and whether it fires (and since when). */
export function AlertTable({ alerts }: { alerts: MonitorAlert[] }) {
  const captionId = useId();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-labelledby={captionId} verticalSpacing="xs" captionSide="top">
        <Table.Caption id={captionId}>
          Alerts: sent to the webhook and mailed to administrators when they fire and when they clear
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Alert</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Now</Table.Th>
            <Table.Th scope="col">Fires when</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((a) => (
            <Table.Tr key={a.id} data-alert={a.id}>
              <Table.Th scope="row" fw={500}>
                {a.title}
              </Table.Th>
              <Table.Td>
                {a.firing ? (
                  <Badge color="red" variant="filled">
                    Firing{a.since ? ` since ${new Date(a.since).toLocaleTimeString()}` : ""}
                  </Badge>
                ) : (
                  <Badge color="green" variant="light">
                    OK
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{a.id === "database_down" ? (a.value === 1 ? "answering" : "not answering") : unitText(a.value, a.unit)}</Table.Td>
              <Table.Td>
                <Text size="sm">{a.id === "database_down" ? "it does not answer" : `${a.when} ${unitText(a.threshold, a.unit)}`}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
