import { importLimits } from "@codeclass/validators";
import { Alert, Badge, Button, FileButton, Group, Progress, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { downloadText } from "../../lib/download.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { ImportProblemsTable } from "../admin/ImportProblemsTable.tsx";
import type { RosterReport } from "./types.ts";

type Counts = RosterReport["summary"]["users"];

function CountBadges({ title, counts }: { title: string; counts: Counts }) {
  return (
    <Group gap="xs" role="group" aria-label={`${title}: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged`}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Badge color="green" variant="light">
        {counts.new} new
      </Badge>
      <Badge color="blue" variant="light">
        {counts.updated} updated
      </Badge>
      <Badge color="gray" variant="light">
        {counts.unchanged} unchanged
      </Badge>
    </Group>
  );
}

/** The course's roster as a template: the columns and two example rows for this course. */
const templateFor = (courseCode: string) =>
  `email,name,course,role\r\nada@school.example,Ada Lovelace,${courseCode},student\r\nkim@school.example,김민준,${courseCode},ta\r\n`;

/**
 * The admin's roster import, limited to this course: check a CSV (nothing written), see every bad
 * row by line and column, then import it all or nothing. Rows may give student or ta.
 */
export function RosterImportForm({ courseId, courseCode }: { courseId: string; courseCode: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ csv: string; report: RosterReport } | null>(null);
  const preview = useMutation(trpc.invite.importPreview.mutationOptions());
  const commit = useMutation(trpc.invite.importCommit.mutationOptions());
  const busy = preview.isPending || commit.isPending;
  const tooLarge = new Blob([csv]).size > importLimits.bytes;
  const current = checked?.csv === csv ? checked.report : null;
  const error = preview.error ?? commit.error;

  async function readFile(file: File | null) {
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    commit.reset();
  }

  async function check() {
    commit.reset();
    setChecked({ csv, report: await preview.mutateAsync({ courseId, csv }) });
  }

  async function runImport() {
    const outcome = await commit.mutateAsync({ courseId, csv });
    if (!outcome.committed) {
      setChecked({ csv, report: outcome });
      return;
    }
    setChecked(null);
    await queryClient.invalidateQueries(trpc.enrollment.roster.queryFilter({ courseId }));
    notifications.show({
      color: "green",
      message: `Imported ${outcome.summary.rows} rows. New accounts were mailed a link to choose their password.`,
    });
  }

  return (
    <Stack gap="sm">
      <Text size="sm">
        A CSV file with the columns email, name, course and role (student or ta), every row for {courseCode}. New accounts are created and
        mailed a link to choose their password.{" "}
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => downloadText(`${courseCode}-roster-template.csv`, templateFor(courseCode))}
        >
          Download a template
        </Button>
      </Text>
      <Group>
        <FileButton onChange={readFile} accept=".csv,text/csv,text/plain">
          {(props) => (
            <Button variant="default" size="xs" {...props}>
              Choose a CSV file…
            </Button>
          )}
        </FileButton>
        {fileName ? <Text size="sm">{fileName}</Text> : null}
      </Group>
      <Textarea
        label="Or paste the roster here"
        value={csv}
        onChange={(e) => {
          setCsv(e.currentTarget.value);
          setFileName(null);
        }}
        autosize
        minRows={3}
        maxRows={10}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        error={tooLarge ? `The file is larger than ${importLimits.bytes / 1024 / 1024} MiB, the limit: split it.` : undefined}
      />
      <Group>
        <Button onClick={check} variant="light" loading={preview.isPending} disabled={!csv.trim() || tooLarge || busy}>
          Check the file
        </Button>
        {current && current.problemCount === 0 ? (
          <Button color="green" onClick={runImport} loading={commit.isPending} disabled={busy}>
            Import {current.summary.rows} rows
          </Button>
        ) : null}
      </Group>
      {busy ? <Progress value={100} animated aria-label={preview.isPending ? "Checking the file" : "Importing"} /> : null}
      {error ? (
        <Alert color="red" title="The file could not be checked" role="alert">
          {errorMessage(error)}
        </Alert>
      ) : null}
      {current ? (
        <Stack gap="xs">
          <Text size="sm">
            {current.summary.rows} rows, {current.summary.rowsWithErrors} with errors.
            {current.ignoredHeaders.length > 0 ? ` Columns not read: ${current.ignoredHeaders.join(", ")}.` : ""}
          </Text>
          <CountBadges title="Accounts" counts={current.summary.users} />
          <CountBadges title="Enrollments" counts={current.summary.enrollments} />
          {current.problemCount > 0 ? (
            <>
              <Group justify="space-between">
                <Text size="sm" c="red.8" fw={600}>
                  {current.problemCount} problems: nothing will be written until every row is right.
                </Text>
                {current.errorReportCsv ? (
                  <Button
                    variant="default"
                    size="xs"
                    onClick={() => downloadText(`${courseCode}-roster-errors.csv`, current.errorReportCsv ?? "")}
                  >
                    Download the error report
                  </Button>
                ) : null}
              </Group>
              <ImportProblemsTable
                problems={current.problems}
                total={current.problemCount}
                label="Problems in the roster"
                maxHeight={320}
              />
            </>
          ) : null}
        </Stack>
      ) : null}
      {commit.data?.committed ? (
        <Alert color="green" title="Imported" role="status">
          {commit.data.summary.rows} rows imported. The roster below shows them.
        </Alert>
      ) : null}
    </Stack>
  );
}
