export { type CommitOptions, commit, setPasswordLinkDays } from "./commit.ts";
export { guessKind, type ImportProblem, type ParsedCsv, parseImportCsv } from "./parse.ts";
export { type ChangeCounts, type ImportPlan, type ImportScope, planImport } from "./plan.ts";
export { preview } from "./preview.ts";
export { type ImportOutcome, type ImportReport, type ImportSummary, problemsShown, requireImporter } from "./report.ts";
