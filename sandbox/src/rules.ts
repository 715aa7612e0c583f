/**
 * The sandbox's public rules: which languages it runs, which file names it accepts, and which
 * file it runs. The one home of each rule: the sandbox checks runs with them, and the
 * validators, the collaboration server and the browser import them from here
 * (`@codeclass/sandbox/rules`). Browser-safe: no Node imports, no other module of the sandbox.
 */

export const languageIds = ["c", "cpp", "python", "java", "go", "javascript", "typescript"] as const;
export type LanguageId = (typeof languageIds)[number];

export function isLanguageId(id: unknown): id is LanguageId {
  return typeof id === "string" && (languageIds as readonly string[]).includes(id);
}

/** Source extensions per language; the first is the one an entry file must have. */
export const languageExtensions: Record<LanguageId, readonly string[]> = {
  c: [".c", ".h"],
  cpp: [".cpp", ".cc", ".cxx", ".hpp", ".h"],
  python: [".py"],
  java: [".java"],
  go: [".go"],
  javascript: [".js", ".mjs", ".cjs"],
  typescript: [".ts", ".mts", ".cts"],
};

/** File names: characters in a whole path, and folder levels. */
export const fileNameLimits = { pathLength: 200, pathDepth: 8 } as const;

const segment = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** What is wrong with a file name, as data: each caller words it for its readers. */
export type FileNameIssue =
  | { code: "empty" }
  | { code: "too-long"; limit: number }
  | { code: "absolute" }
  | { code: "too-deep"; limit: number }
  | { code: "empty-part" }
  | { code: "bad-characters"; part: string }
  | { code: "reserved" };

/** Checks a file name: relative, no `..`, no hidden tricks, within the limits. Null when it is fine. */
export function fileNameIssue(path: string): FileNameIssue | null {
  if (typeof path !== "string" || path.length === 0) return { code: "empty" };
  if (path.length > fileNameLimits.pathLength) return { code: "too-long", limit: fileNameLimits.pathLength };
  if (path.startsWith("/")) return { code: "absolute" };
  const parts = path.split("/");
  if (parts.length > fileNameLimits.pathDepth) return { code: "too-deep", limit: fileNameLimits.pathDepth };
  for (const p of parts) {
    if (p === "" || p === "." || p === "..") return { code: "empty-part" };
    if (!segment.test(p)) return { code: "bad-characters", part: p };
  }
  if (path === "main") return { code: "reserved" };
  return null;
}

/** The file-name rule as one sentence for an API client (the sandbox's, the validators' and the collab server's wording). */
export function fileNameProblem(path: string): string | null {
  const issue = fileNameIssue(path);
  if (!issue) return null;
  switch (issue.code) {
    case "empty":
      return "a file name is empty";
    case "too-long":
      return `file name "${path.slice(0, 40)}…" is too long: the limit is ${issue.limit} characters`;
    case "absolute":
      return `file name "${path}" must be relative, not absolute`;
    case "too-deep":
      return `file name "${path}" is nested too deep: at most ${issue.limit} levels`;
    case "empty-part":
      return `file name "${path}" may not contain empty, "." or ".." parts`;
    case "bad-characters":
      return `file name "${path}" may hold only letters, digits, "_", "-", "+" and "." (and "/" between folders)`;
    case "reserved":
      return `"main" is reserved for the compiled program`;
  }
}

/** Java: the class with `static void main`, qualified by its package; the public class need not be `Main`. */
export function javaMainClass(files: readonly { path: string; content: string }[], entry?: string): string | null {
  const candidates = files.filter((f) => f.path.endsWith(".java") && /static\s+(public\s+)?void\s+main\s*\(/.test(f.content));
  const file = candidates.find((f) => f.path === entry) ?? candidates[0];
  if (!file) return null;
  const source = file.content.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const pkg = source.match(/^\s*package\s+([\w.]+)\s*;/m)?.[1];
  const mainAt = source.search(/static\s+(public\s+)?void\s+main\s*\(/);
  // The class whose body contains main: the last class/record/enum/interface declared before it.
  let name: string | null = null;
  for (const m of source.matchAll(/\b(?:class|record|enum|interface)\s+([A-Za-z_$][\w$]*)/g)) {
    if ((m.index ?? 0) < mainAt) name = m[1]!;
  }
  if (!name) return null;
  return pkg ? `${pkg}.${name}` : name;
}

/**
 * The file a run starts: the requested one (null when it is not a source file of the language),
 * else for Java the file holding `static void main`, else `main.<ext>`/`Main.<ext>`, else the
 * first source file in path order. Null when there is no source file of the language.
 */
export function entryFile(
  language: LanguageId,
  files: readonly { path: string; content: string }[],
  requested?: string | null,
): string | null {
  const extensions = languageExtensions[language];
  const sources = files
    .map((f) => f.path)
    .filter((p) => extensions.some((e) => p.endsWith(e)))
    .sort();
  if (requested) return sources.includes(requested) ? requested : null;
  if (language === "java") return files.find((f) => f.path.endsWith(".java") && javaMainClass([f]))?.path ?? sources[0] ?? null;
  return sources.find((p) => /^(main|Main)\.[a-z]+$/.test(p)) ?? sources[0] ?? null;
}
