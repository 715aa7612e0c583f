import { defaultLimits, type Limits, maxLimits } from "@codeclass/sandbox";
import type { judge0 } from "@codeclass/services";
import { runRequestLimits } from "@codeclass/validators";
import { judge0Language } from "./catalog.ts";

/** Judge0's validation answer: each refused field with its messages (Rails' wording). */
export type FieldErrors = Record<string, string[]>;

const fromBase64 = (value: string) => Buffer.from(value, "base64").toString("utf8");

/** A number as Rails casts one: a JSON number or a numeric string; anything else is "not a number". */
function numeric(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
  return null;
}

const bool = (value: unknown) => value === true || value === "true" || value === 1 || value === "1";
const blank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");
const show = (n: number, float: boolean) => (float && Number.isInteger(n) ? n.toFixed(1) : String(n));

/**
 * Numeric fields with Judge0's lower bounds and our maxima (Judge0's MAX_* settings are ours:
 * a value over our run limits is refused, naming the field). `to` maps Judge0's unit onto a limit.
 */
const numericFields: {
  name: string;
  float: boolean;
  min: number;
  minExclusive?: boolean;
  max: number;
  to?: (v: number) => Partial<Limits>;
}[] = [
  { name: "number_of_runs", float: false, min: 0, minExclusive: true, max: 1 },
  { name: "cpu_time_limit", float: true, min: 0, max: maxLimits.cpuMs / 1000, to: (v) => ({ cpuMs: Math.max(1, Math.round(v * 1000)) }) },
  { name: "cpu_extra_time", float: true, min: 0, max: 5 },
  { name: "wall_time_limit", float: true, min: 1, max: maxLimits.wallMs / 1000, to: (v) => ({ wallMs: Math.round(v * 1000) }) },
  { name: "memory_limit", float: false, min: 2048, max: maxLimits.memoryKb, to: (v) => ({ memoryKb: Math.round(v) }) },
  { name: "stack_limit", float: false, min: 0, max: maxLimits.memoryKb },
  {
    name: "max_processes_and_or_threads",
    float: false,
    min: 0,
    minExclusive: true,
    max: maxLimits.processes,
    to: (v) => ({ processes: Math.round(v) }),
  },
  { name: "max_file_size", float: false, min: 0, max: maxLimits.fileSizeKb, to: (v) => ({ fileSizeKb: Math.max(1, Math.round(v)) }) },
];

/** Judge0's defaults are ours where both have the setting (GET /config_info shows them). */
export const configInfo = {
  enable_wait_result: true,
  enable_compiler_options: false,
  allowed_languages_for_compile_options: [],
  enable_command_line_arguments: true,
  enable_submission_delete: false,
  enable_callbacks: false,
  callbacks_max_tries: 0,
  callbacks_timeout: 0,
  enable_additional_files: false,
  max_queue_size: 200,
  cpu_time_limit: defaultLimits.cpuMs / 1000,
  max_cpu_time_limit: maxLimits.cpuMs / 1000,
  cpu_extra_time: 0,
  max_cpu_extra_time: 5,
  wall_time_limit: defaultLimits.wallMs / 1000,
  max_wall_time_limit: maxLimits.wallMs / 1000,
  memory_limit: defaultLimits.memoryKb,
  max_memory_limit: maxLimits.memoryKb,
  stack_limit: defaultLimits.memoryKb,
  max_stack_limit: maxLimits.memoryKb,
  max_processes_and_or_threads: defaultLimits.processes,
  max_max_processes_and_or_threads: maxLimits.processes,
  enable_per_process_and_thread_time_limit: false,
  allow_enable_per_process_and_thread_time_limit: false,
  enable_per_process_and_thread_memory_limit: false,
  allow_enable_per_process_and_thread_memory_limit: false,
  max_file_size: defaultLimits.fileSizeKb,
  max_max_file_size: maxLimits.fileSizeKb,
  number_of_runs: 1,
  max_number_of_runs: 1,
  redirect_stderr_to_stdout: false,
  max_extract_size: 0,
  enable_batched_submissions: true,
  max_submission_batch_size: 20,
  submission_cache_duration: 0,
  use_docs_as_homepage: false,
  allow_enable_network: false,
  enable_network: false,
};

/** Command-line arguments as Judge0 passes them (through bash, with $&;<>|` removed): split on whitespace, quotes kept together. */
function splitArguments(text: string): string[] {
  const cleaned = text.trim().replace(/[$&;<>|`]/g, "");
  return [...cleaned.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** Reads one submission's JSON as Judge0 would: the run to start, or the fields it refuses. */
export function parseSubmission(
  body: unknown,
  base64: boolean,
): { ok: true; value: judge0.Judge0Submit } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, errors: { source_code: ["can't be blank"], language_id: ["can't be blank"] } };
  const p = body as Record<string, unknown>;
  const text = (name: string) => {
    const v = p[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") {
      add(name, "must be a string");
      return null;
    }
    return base64 ? fromBase64(v) : v;
  };

  const source = text("source_code");
  if (blank(source)) add("source_code", "can't be blank");
  else if (Buffer.byteLength(source!) > runRequestLimits.sourceBytes)
    add("source_code", `is too long (maximum is ${runRequestLimits.sourceBytes} bytes)`);

  let entry: ReturnType<typeof judge0Language> = null;
  if (blank(p.language_id)) add("language_id", "can't be blank");
  else {
    const id = numeric(p.language_id);
    entry = id === null ? null : judge0Language(id);
    if (!entry) add("language_id", `language with id ${String(p.language_id)} doesn't exist`);
  }

  const stdin = text("stdin");
  if (stdin && Buffer.byteLength(stdin) > runRequestLimits.stdinBytes)
    add("stdin", `is too long (maximum is ${runRequestLimits.stdinBytes} bytes)`);
  const expected = text("expected_output");

  const limits: Partial<Limits> = {};
  for (const f of numericFields) {
    const raw = p[f.name];
    if (raw === undefined || raw === null || raw === "") continue;
    const v = numeric(raw);
    if (v === null) add(f.name, "is not a number");
    else if (f.minExclusive ? v <= f.min : v < f.min)
      add(f.name, `must be greater than${f.minExclusive ? "" : " or equal to"} ${show(f.min, f.float)}`);
    else if (v > f.max) add(f.name, `must be less than or equal to ${show(f.max, f.float)}`);
    else if (f.to) Object.assign(limits, f.to(v));
  }

  for (const name of ["enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit"])
    if (bool(p[name])) add(name, "this option cannot be enabled");
  if (!blank(p.compiler_options)) add("compiler_options", "setting compiler options is not allowed");
  if (!blank(p.callback_url)) add("callback_url", "setting callback is not allowed");
  if (!blank(p.additional_files)) add("additional_files", "setting additional files is not allowed");
  if (bool(p.enable_network)) add("enable_network", "enabling network is not allowed");

  let args: string[] = [];
  if (!blank(p.command_line_arguments)) {
    if (typeof p.command_line_arguments !== "string") add("command_line_arguments", "must be a string");
    else if (p.command_line_arguments.length > 512) add("command_line_arguments", "is too long (maximum is 512 characters)");
    else args = splitArguments(p.command_line_arguments);
  }

  if (Object.keys(errors).length > 0 || !entry || source === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      run: {
        language: entry.language,
        files: [{ path: entry.sourceFile, content: source }],
        stdin: stdin ?? "",
        args,
        limits: limits as Record<string, number>,
      },
      languageId: numeric(p.language_id)!,
      expectedOutput: expected,
      redirectStderrToStdout: bool(p.redirect_stderr_to_stdout),
    },
  };
}
