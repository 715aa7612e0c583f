import { type Language, languages } from "./languages.ts";
import type { Limits } from "./limits.ts";
import { entryFile, fileNameProblem, languageIds } from "./rules.ts";
import { SandboxInputError, type SourceFile } from "./types.ts";

/** Validates a run's language and files against the limits; throws SandboxInputError naming the field. */
export function validateRun(
  languageId: string,
  files: SourceFile[],
  limits: Limits,
  entry?: string,
): { language: Language; entry: string } {
  if (!(languageIds as readonly string[]).includes(languageId))
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
  const chosen = entryFile(language.id, files, entry);
  if (!chosen)
    throw new SandboxInputError(`files: no ${language.extensions[0]} file to run${entry ? ` (entry "${entry}" not found)` : ""}`, "files");
  return { language, entry: chosen };
}
