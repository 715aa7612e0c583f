/**
 * The isolation package: everything that runs untrusted code. It imports nothing of the
 * platform, so it can be used alone from a script or a test.
 */

export type { Box, BoxExecOptions, BoxProcess, BoxProvider, BoxUsage } from "./box.ts";
export { type Build, type BuildCompile, type BuildRequest, type BuildRunRequest, openBuild } from "./build.ts";
export { validateRun } from "./files.ts";
export { type Language, languages, listLanguages } from "./languages.ts";
export { defaultLimits, type Limits, limitsInput, maxLimits, resolveLimits } from "./limits.ts";
export { formatBytes, OutputCapture } from "./output.ts";
export {
  entryFile,
  type FileNameIssue,
  fileNameIssue,
  fileNameLimits,
  fileNameProblem,
  isLanguageId,
  javaMainClass,
  type LanguageId,
  languageExtensions,
  languageIds,
} from "./rules.ts";
export { settle, startRun } from "./run.ts";
export * from "./types.ts";
