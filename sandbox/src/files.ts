import { entryFile, type Language, languageIds, languages } from "./languages.ts";
import type { Limits } from "./limits.ts";
import { SandboxInputError, type SourceFile } from "./types.ts";

const segment = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Checks a user-supplied file name: relative, no `..`, no hidden tricks; returns a sentence or null. */
export function fileNameProblem(path: string): string | null {
  if (typeof path !== "string" || path.length === 0) return "a file name is empty";
  if (path.length > 200) return `file name "${path.slice(0, 40)}…" is too long: the limit is 200 characters`;
  if (path.startsWith("/")) return `file name "${path}" must be relative, not absolute`;
  const parts = path.split("/");
  if (parts.length > 8) return `file name "${path}" is nested too deep: at most 8 levels`;
  for (const p of parts) {
    if (p === "" || p === "." || p === "..") return `file name "${path}" may not contain empty, "." or ".." parts`;
    if (!segment.test(p)) return `file name "${path}" may hold only letters, digits, "_", "-", "+" and "." (and "/" between folders)`;
  }
  if (parts[0] === "main" && parts.length === 1) return `"main" is reserved for the compiled program`;
  return null;
}

/** Validates a run's language and files against the limits; throws SandboxInputError naming the field. */
export function validateRun(
  languageId: string,
  files: SourceFile[],
  limits: Limits,
  entry?: string,
): { language: Language; entry: string } {
  if (!(languageIds as string[]).includes(languageId))
    throw new SandboxInputError(`language "${languageId}" is not supported; use one of ${languageIds.join(", ")}`, "language");
  const language = languages[languageId as Language["id"]];
  if (!Array.isArray(files) || files.length === 0) throw new SandboxInputError("files: a run needs at least one source file", "files");
  if (files.length > limits.files) throw new SandboxInputError(`files: ${files.length} files; the limit is ${limits.files}`, "files");
  const seen = new Set<string>();
  let total = 0;
  for (const f of files) {
    const problem = fileNameProblem(f.path);
    if (problem) throw new SandboxInputError(problem, "files");
    if (seen.has(f.path)) throw new SandboxInputError(`file "${f.path}" appears twice`, "files");
    seen.add(f.path);
    if (typeof f.content !== "string") throw new SandboxInputError(`file "${f.path}" has no text content`, "files");
    total += Buffer.byteLength(f.content);
  }
  if (total > limits.sourceBytes)
    throw new SandboxInputError(`files: the sources are ${total} bytes; the limit is ${limits.sourceBytes}`, "files");
  if (!files.some((f) => f.content.trim().length > 0)) throw new SandboxInputError("files: every source file is empty", "files");
  const chosen = entryFile(language, files, entry);
  if (!chosen)
    throw new SandboxInputError(`files: no ${language.extensions[0]} file to run${entry ? ` (entry "${entry}" not found)` : ""}`, "files");
  return { language, entry: chosen };
}
