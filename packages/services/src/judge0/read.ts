import { type DbOrTx, judge0Submissions, runs } from "@codeclass/db";
import { and, eq, inArray, sql } from "drizzle-orm";

/** Everything a Judge0 submission answers with: the run, its output joined from its events, and the Judge0 columns. */
export interface Judge0Row {
  token: string;
  languageId: number;
  expectedOutput: string | null;
  redirectStderrToStdout: boolean;
  language: string;
  files: { path: string; content: string }[];
  stdin: string;
  args: string[];
  limits: Record<string, number>;
  status: "queued" | "running" | "finished";
  verdict: string | null;
  message: string | null;
  exitCode: number | null;
  signal: string | null;
  cpuMs: number | null;
  wallMs: number | null;
  memoryKb: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  stdout: string | null;
  stderr: string | null;
  /** stdout and stderr interleaved in the order they came (for `redirect_stderr_to_stdout`). */
  merged: string | null;
  compileOutput: string | null;
}

const output = (types: string[]) =>
  sql<string | null>`(select string_agg(e.data->>'data', '' order by e.seq) from run_events e
    where e.run_id = ${runs.id} and e.type in (${sql.join(
      types.map((t) => sql`${t}`),
      sql`, `,
    )}))`;

/**
 * The submissions with these tokens that were made through the API with key `keyId` (another
 * key's, runs made elsewhere, and unknown tokens are left out: a token is not a credential).
 */
export async function read(db: DbOrTx, keyId: string, tokens: string[]): Promise<Map<string, Judge0Row>> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const valid = tokens.filter((t) => uuid.test(t)).map((t) => t.toLowerCase());
  if (valid.length === 0) return new Map();
  const rows = await db
    .select({
      token: runs.id,
      languageId: judge0Submissions.languageId,
      expectedOutput: judge0Submissions.expectedOutput,
      redirectStderrToStdout: judge0Submissions.redirectStderrToStdout,
      language: runs.language,
      files: runs.files,
      stdin: runs.stdin,
      args: runs.args,
      limits: runs.limits,
      status: runs.status,
      verdict: runs.verdict,
      message: runs.message,
      exitCode: runs.exitCode,
      signal: runs.signal,
      cpuMs: runs.cpuMs,
      wallMs: runs.wallMs,
      memoryKb: runs.memoryKb,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
      stdout: output(["stdout"]),
      stderr: output(["stderr"]),
      merged: output(["stdout", "stderr"]),
      compileOutput: output(["compile"]),
    })
    .from(judge0Submissions)
    .innerJoin(runs, eq(runs.id, judge0Submissions.runId))
    .where(and(inArray(judge0Submissions.runId, valid), eq(judge0Submissions.keyId, keyId)));
  return new Map(rows.map((r) => [r.token, r]));
}
