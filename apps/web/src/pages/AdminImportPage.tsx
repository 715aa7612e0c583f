import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { type ImportKind, importKinds, importLimits } from "@codeclass/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { ImportReport } from "../api-types.ts";
import { ImportProblemsTable } from "../components/admin/ImportProblemsTable.tsx";
import { ImportProgressCard, useImportDownload } from "../components/admin/ImportProgressCard.tsx";
import { importTemplates, templateCsv } from "../components/admin/importFiles.ts";
import { useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

type Report = ImportReport & { importId: string };
type Counts = Report["summary"]["users"];

const kindChoices = [
  { value: "auto", label: "From the header" },
  ...importKinds.map((k) => ({ value: k, label: importTemplates[k].label })),
];

function CountCard({ title, counts }: { title: string; counts: Counts }) {
  return (
    <Card withBorder padding="sm" aria-label={`${title}: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged`}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Group gap="xs" mt={4}>
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
    </Card>
  );
}

/**
 * The admin's bulk import: paste or upload a CSV, check it (stored, nothing else written), then
 * import it all or nothing as a job whose progress the page follows, cancellable until it ends.
 */
export function AdminImportPage() {
  usePageTitle("Bulk import");
  const me = useMe();
  const trpc = useTRPC();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [kind, setKind] = useState<"auto" | ImportKind>("auto");
  const [checked, setChecked] = useState<{ csv: string; kind: string; report: Report } | null>(null);
  const preview = useMutation(trpc.admin.importUpload.mutationOptions());
  const commit = useMutation(trpc.admin.importStart.mutationOptions());
  const [started, setStarted] = useState<string | null>(null);
  const { download, busy: downloading } = useImportDownload();

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (me.data?.role !== "admin")
    return <ErrorState title="Only administrators can import" message="Ask an administrator to import people and courses for you." />;

  const input = { csv, kind: kind === "auto" ? undefined : kind };
  const current = checked && checked.csv === csv && checked.kind === kind ? checked.report : null;
  const busy = preview.isPending || commit.isPending;
  const tooLarge = new Blob([csv]).size > importLimits.bytes;

  async function readFile(file: File | null) {
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    commit.reset();
  }

  async function check() {
    commit.reset();
    setStarted(null);
    const report = await preview.mutateAsync(input);
    setChecked({ csv, kind, report });
  }

  async function runImport() {
    if (!current) return;
    const view = await commit.mutateAsync({ importId: current.importId });
    setStarted(view.importId);
    setChecked(null);
  }

  const report = current;
  const error = preview.error ?? commit.error;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Bulk import"
        description="Add people, courses and enrollments from a CSV file. Check it first: nothing is written until you import, and an import writes every row or none."
      />
      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h4">
            1. The file
          </Title>
          <Text size="sm">
            Templates:{" "}
            {importKinds.map((k, i) => (
              <span key={k}>
                {i > 0 ? " · " : ""}
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => downloadText(`codeclass-${k}-template.csv`, templateCsv(k))}
                  aria-label={`Download the ${importTemplates[k].label} template`}
                >
                  {k}.csv
                </Button>
              </span>
            ))}
          </Text>
          <Group>
            <FileButton onChange={readFile} accept=".csv,text/csv,text/plain">
              {(props) => (
                <Button variant="default" {...props}>
                  Choose a CSV file…
                </Button>
              )}
            </FileButton>
            {fileName && <Text size="sm">{fileName}</Text>}
          </Group>
          <Textarea
            label="Or paste the file here"
            description="The first line names the columns, in any order (email, e-mail, 이메일, name, course, role …)."
            value={csv}
            onChange={(e) => {
              setCsv(e.currentTarget.value);
              setFileName(null);
            }}
            autosize
            minRows={4}
            maxRows={12}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            error={tooLarge ? `The file is larger than ${importLimits.bytes / 1024 / 1024} MiB, the limit: split it.` : undefined}
          />
          <SegmentedControl aria-label="What the file holds" data={kindChoices} value={kind} onChange={(v) => setKind(v as typeof kind)} />
          {kind !== "auto" && <Text size="sm">{importTemplates[kind].about}</Text>}
          <Group>
            <Button onClick={check} loading={preview.isPending} disabled={!csv.trim() || tooLarge || busy}>
              2. Check the file
            </Button>
          </Group>
          {busy && <Progress value={100} animated aria-label={preview.isPending ? "Checking the file" : "Starting the import"} />}
          {error && (
            <Alert color="red" title="The file could not be checked">
              {errorMessage(error)}
            </Alert>
          )}
        </Stack>
      </Card>

      {report && (
        <Card withBorder>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {report.problemCount ? "Fix these rows, then check again" : "3. Import"}
            </Title>
            <Text size="sm">
              A {report.summary.kind} file: {report.summary.rows} rows, {report.summary.rowsWithErrors} with errors.
              {report.ignoredHeaders.length > 0 && ` Columns not read: ${report.ignoredHeaders.join(", ")}.`}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {report.summary.kind === "courses" ? (
                <CountCard title="Courses" counts={report.summary.courses} />
              ) : (
                <CountCard title="Accounts" counts={report.summary.users} />
              )}
              {(report.summary.kind === "roster" || report.summary.kind === "enrollments") && (
                <CountCard title="Enrollments" counts={report.summary.enrollments} />
              )}
            </SimpleGrid>
            {report.problemCount > 0 ? (
              <>
                <Group justify="space-between">
                  <Text size="sm" c="red.8" fw={600}>
                    {report.problemCount} problems: nothing will be written until every row is right.
                  </Text>
                  {report.errorReportCsv && (
                    <Button
                      variant="default"
                      size="xs"
                      loading={downloading === "errors"}
                      onClick={() => download(report.importId, "errors")}
                    >
                      Download the error report ({report.problemCount} rows)
                    </Button>
                  )}
                </Group>
                <ImportProblemsTable problems={report.problems} total={report.problemCount} label="Problems in the file" />
              </>
            ) : (
              <Group>
                <Button color="green" onClick={runImport} loading={commit.isPending} disabled={busy || !current}>
                  Import {report.summary.rows} rows
                </Button>
                <Text size="sm">New accounts get a mail with a link to choose their password.</Text>
              </Group>
            )}
          </Stack>
        </Card>
      )}
      {started && <ImportProgressCard key={started} importId={started} />}
    </Stack>
  );
}
