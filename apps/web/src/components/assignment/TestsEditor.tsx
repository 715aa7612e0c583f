import { FormError } from "@codeclass/ui";
import { Button, Card, Checkbox, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AssignmentDetail } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

type Mode = "exact" | "judge0" | "tokens" | "floats" | "unorderedLines" | "regex" | "checker";
interface Draft {
  id?: string;
  name: string;
  stdin: string;
  expected: string;
  points: number;
  visibility: "visible" | "hidden" | "after_due";
  mode: Mode;
  gate: boolean;
}

const modes: { value: Mode; label: string }[] = [
  { value: "judge0", label: "Judge0's rule (trailing whitespace ignored)" },
  { value: "exact", label: "Exact" },
  { value: "tokens", label: "Tokens (any whitespace)" },
  { value: "floats", label: "Numbers with tolerance (1e-6)" },
  { value: "unorderedLines", label: "Lines in any order" },
  { value: "regex", label: "Regular expression" },
  { value: "checker", label: "Checker program" },
];

const fromDetail = (a: AssignmentDetail): Draft[] =>
  a.tests.map((t) => ({
    id: t.id ?? undefined,
    name: t.name,
    stdin: "stdin" in t ? (t.stdin ?? "") : "",
    expected: "expected" in t ? (t.expected ?? "") : "",
    points: t.points,
    visibility: t.visibility,
    mode: ("compare" in t && t.compare ? t.compare.mode : "judge0") as Mode,
    gate: t.gate,
  }));

/** Staff: the assignment's tests, edited in place and saved together (a changed test is rerun by a regrade). */
export function TestsEditor({ assignment }: { assignment: AssignmentDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tests, setTests] = useState<Draft[]>(() => fromDetail(assignment));
  const save = useMutation(
    trpc.assignment.setTests.mutationOptions({
      onSuccess: async (r) => {
        notifications.show({ message: r.changed ? "Tests saved. Regrade to apply them to earlier submissions." : "Nothing changed." });
        await queryClient.invalidateQueries({ queryKey: trpc.assignment.pathKey() });
      },
    }),
  );
  const update = (i: number, patch: Partial<Draft>) => setTests((old) => old.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <Stack>
      {tests.map((t, i) => (
        <Card key={t.id ?? `new-${i}`} withBorder component="fieldset" aria-label={`Test ${i + 1}`}>
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput
                label={`Test ${i + 1} name`}
                value={t.name}
                onChange={(e) => update(i, { name: e.currentTarget.value })}
                required
              />
              <NumberInput label="Points" min={0} max={1000} value={t.points} onChange={(v) => update(i, { points: Number(v) || 0 })} />
              <Select
                label="Visibility"
                value={t.visibility}
                onChange={(v) => update(i, { visibility: (v ?? "visible") as Draft["visibility"] })}
                data={[
                  { value: "visible", label: "Visible" },
                  { value: "hidden", label: "Hidden" },
                  { value: "after_due", label: "Shown after the due date" },
                ]}
              />
              <Select label="Compare" value={t.mode} onChange={(v) => update(i, { mode: (v ?? "judge0") as Mode })} data={modes} />
            </Group>
            <Group grow align="flex-start">
              <Textarea
                label="Input (stdin)"
                autosize
                minRows={2}
                value={t.stdin}
                onChange={(e) => update(i, { stdin: e.currentTarget.value })}
                styles={{ input: { fontFamily: "monospace" } }}
              />
              <Textarea
                label="Expected output"
                autosize
                minRows={2}
                value={t.expected}
                onChange={(e) => update(i, { expected: e.currentTarget.value })}
                styles={{ input: { fontFamily: "monospace" } }}
              />
            </Group>
            <Group justify="space-between">
              <Checkbox
                label="Gate: when it fails, the tests after it are not run"
                checked={t.gate}
                onChange={(e) => update(i, { gate: e.currentTarget.checked })}
              />
              <Button variant="subtle" color="red" size="xs" onClick={() => setTests((old) => old.filter((_, j) => j !== i))}>
                Remove test {i + 1}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
      {tests.length === 0 ? <Text c="dimmed">No tests yet.</Text> : null}
      <FormError message={save.error ? errorMessage(save.error) : null} />
      <Group>
        <Button
          variant="default"
          onClick={() =>
            setTests((old) => [
              ...old,
              { name: `Test ${old.length + 1}`, stdin: "", expected: "", points: 1, visibility: "visible", mode: "judge0", gate: false },
            ])
          }
        >
          Add a test
        </Button>
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              assignmentId: assignment.id,
              tests: tests.map((t) => ({
                ...(t.id ? { id: t.id } : {}),
                name: t.name,
                stdin: t.stdin,
                expected: t.expected,
                points: t.points,
                visibility: t.visibility,
                gate: t.gate,
                compare: { mode: t.mode },
              })),
            })
          }
        >
          Save tests
        </Button>
      </Group>
    </Stack>
  );
}
