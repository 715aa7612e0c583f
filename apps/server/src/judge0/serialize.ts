import { constants } from "node:os";
import { defaultLimits, type LanguageId, languages } from "@codeclass/sandbox";
import { grading, type judge0 } from "@codeclass/services";
import { type SubmissionField, statusOf } from "./catalog.ts";

const signalNumber = (name: string | null) => (name ? ((constants.signals as Record<string, number>)[name] ?? null) : null);

/** Judge0's status id for a run: its state while it waits or runs, then its verdict (and the expected output's comparison). */
export function statusId(row: judge0.Judge0Row, stdout: string | null): number {
  if (row.status === "queued") return 1;
  if (row.status === "running") return 2;
  switch (row.verdict) {
    case "OK":
      // Judge0's rule (isolate_job.rb): no expected output, or equal once each line and the end are right-stripped.
      if (row.expectedOutput === null) return 3;
      return stdout !== null && grading.compareOutput("judge0", row.expectedOutput, stdout).accepted ? 3 : 4;
    case "COMPILE_ERROR":
      return 6;
    case "TIME_LIMIT":
      return 5;
    case "RUNTIME_ERROR":
      if (row.signal === "SIGSEGV") return 7;
      if (row.signal === "SIGXFSZ") return 8;
      if (row.signal === "SIGFPE") return 9;
      if (row.signal === "SIGABRT") return 10;
      return row.signal ? 12 : 11;
    case "OUTPUT_LIMIT":
      return 8; // Judge0's isolate stops an over-large output with SIGXFSZ (its file size limit)
    case "MEMORY_LIMIT":
      return 12;
    default:
      return 13; // INTERNAL_ERROR, STOPPED
  }
}

const seconds = (ms: number | null) => (ms === null ? null : (ms / 1000).toFixed(3));
const orNull = (s: string | null | undefined) => (s ? s : null);

/** A submission in Judge0's shape, only `fields`, text fields base64-encoded when asked. */
export function serializeSubmission(row: judge0.Judge0Row, fields: SubmissionField[], base64: boolean) {
  const finished = row.status === "finished";
  const compiled = row.verdict !== "COMPILE_ERROR";
  const stdout = finished && compiled ? orNull(row.redirectStderrToStdout ? row.merged : row.stdout) : null;
  const stderr = finished && compiled && !row.redirectStderrToStdout ? orNull(row.stderr) : null;
  const id = statusId(row, stdout);
  const limits = { ...defaultLimits, ...row.limits };
  const message = finished && row.verdict !== "OK" && row.verdict !== "COMPILE_ERROR" ? row.message : null;
  const encode = (s: string | null) => (s !== null && base64 ? Buffer.from(s, "utf8").toString("base64") : s);
  const all: Record<SubmissionField, unknown> = {
    source_code: encode(row.files[0]?.content ?? null),
    language_id: row.languageId,
    stdin: encode(row.stdin === "" ? null : row.stdin),
    expected_output: encode(row.expectedOutput),
    stdout: encode(stdout),
    status_id: id,
    created_at: row.createdAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
    time: finished && compiled ? seconds(row.cpuMs) : null,
    memory: finished && compiled ? row.memoryKb : null,
    stderr: encode(stderr),
    token: row.token,
    number_of_runs: 1,
    cpu_time_limit: (limits.cpuMs / 1000).toFixed(1),
    cpu_extra_time: "0.0",
    wall_time_limit: (limits.wallMs / 1000).toFixed(1),
    memory_limit: limits.memoryKb,
    stack_limit: limits.memoryKb,
    max_processes_and_or_threads: limits.processes,
    enable_per_process_and_thread_time_limit: false,
    enable_per_process_and_thread_memory_limit: false,
    max_file_size: limits.fileSizeKb,
    compile_output: encode(finished ? orNull(row.compileOutput) : null),
    exit_code: finished && compiled ? (row.exitCode ?? (row.signal ? null : 0)) : null,
    exit_signal: finished && compiled ? signalNumber(row.signal) : null,
    message: encode(message),
    wall_time: finished && compiled ? seconds(row.wallMs) : null,
    compiler_options: null,
    command_line_arguments: row.args.length ? row.args.join(" ") : null,
    redirect_stderr_to_stdout: row.redirectStderrToStdout,
    callback_url: null,
    additional_files: null,
    enable_network: false,
    status: statusOf(id),
    language: { id: row.languageId, name: languages[row.language as LanguageId]?.name ?? row.language },
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}
