import os from "node:os";
import { type LanguageId, languages } from "@codeclass/sandbox";

/**
 * Judge0 CE 1.13's ids for our seven languages (its db/languages/active.rb), the file it names
 * the source, and its other ids of the same language (older compilers) that we also accept.
 */
export const judge0Languages: { id: number; language: LanguageId; sourceFile: string; aliases: number[] }[] = [
  { id: 50, language: "c", sourceFile: "main.c", aliases: [48, 49, 75] },
  { id: 54, language: "cpp", sourceFile: "main.cpp", aliases: [52, 53, 76] },
  { id: 60, language: "go", sourceFile: "main.go", aliases: [] },
  { id: 62, language: "java", sourceFile: "Main.java", aliases: [] },
  { id: 63, language: "javascript", sourceFile: "script.js", aliases: [] },
  { id: 71, language: "python", sourceFile: "script.py", aliases: [] },
  { id: 74, language: "typescript", sourceFile: "script.ts", aliases: [] },
];

export function judge0Language(id: number) {
  return judge0Languages.find((l) => l.id === id || l.aliases.includes(id)) ?? null;
}

/** Judge0's language record (GET /languages/{id}): our toolchain's name under Judge0's id. */
export function languageRecord(id: number) {
  const entry = judge0Language(id);
  if (!entry) return null;
  const lang = languages[entry.language];
  return {
    id,
    name: lang.name,
    is_archived: false,
    source_file: entry.sourceFile,
    compile_cmd: lang.compile
      ? lang.compile({ files: [{ path: entry.sourceFile, content: "" }], entry: entry.sourceFile, args: [], limits: {} as never }).join(" ")
      : null,
    run_cmd: lang
      .run({ files: [{ path: entry.sourceFile, content: "" }], entry: entry.sourceFile, args: [], limits: {} as never })
      .join(" "),
  };
}

/** Judge0's statuses, ids and descriptions as its app/enumerations/status.rb has them. */
export const judge0Statuses = [
  { id: 1, description: "In Queue" },
  { id: 2, description: "Processing" },
  { id: 3, description: "Accepted" },
  { id: 4, description: "Wrong Answer" },
  { id: 5, description: "Time Limit Exceeded" },
  { id: 6, description: "Compilation Error" },
  { id: 7, description: "Runtime Error (SIGSEGV)" },
  { id: 8, description: "Runtime Error (SIGXFSZ)" },
  { id: 9, description: "Runtime Error (SIGFPE)" },
  { id: 10, description: "Runtime Error (SIGABRT)" },
  { id: 11, description: "Runtime Error (NZEC)" },
  { id: 12, description: "Runtime Error (Other)" },
  { id: 13, description: "Internal Error" },
  { id: 14, description: "Exec Format Error" },
] as const;

export const statusOf = (id: number) => judge0Statuses.find((s) => s.id === id)!;

/** Every field a submission has (Judge0's SubmissionSerializer attributes). */
export const submissionFields = [
  "source_code",
  "language_id",
  "stdin",
  "expected_output",
  "stdout",
  "status_id",
  "created_at",
  "finished_at",
  "time",
  "memory",
  "stderr",
  "token",
  "number_of_runs",
  "cpu_time_limit",
  "cpu_extra_time",
  "wall_time_limit",
  "memory_limit",
  "stack_limit",
  "max_processes_and_or_threads",
  "enable_per_process_and_thread_time_limit",
  "enable_per_process_and_thread_memory_limit",
  "max_file_size",
  "compile_output",
  "exit_code",
  "exit_signal",
  "message",
  "wall_time",
  "compiler_options",
  "command_line_arguments",
  "redirect_stderr_to_stdout",
  "callback_url",
  "additional_files",
  "enable_network",
  "status",
  "language",
] as const;
export type SubmissionField = (typeof submissionFields)[number];

/** What a submission answers with when `fields` is not given (SubmissionSerializer.default_fields). */
export const defaultFields: SubmissionField[] = ["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"];

/** The most submissions one batch may hold (Judge0's MAX_SUBMISSION_BATCH_SIZE default). */
export const maxBatchSize = 20;

/** GET /about: who answers (Judge0 clients read `version`). */
export const about = (publicUrl: string, version: string) => ({
  version: "1.13.1",
  homepage: publicUrl,
  source_code: "https://github.com/codeclass/codeclass",
  maintainer: `Codeclass ${version} (a Judge0 CE 1.13 compatible API)`,
});

/** GET /system_info: lscpu-like keys, as Judge0 answers them. */
export function systemInfo() {
  const cpus = os.cpus();
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)}Gi`;
  return {
    Architecture: os.machine(),
    "CPU(s)": String(cpus.length),
    "Model name": cpus[0]?.model ?? "unknown",
    Mem: gib(os.totalmem()),
    "Mem free": gib(os.freemem()),
    "Load average": os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    Kernel: os.release(),
  };
}
