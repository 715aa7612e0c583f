export {
  type CompareMode,
  type CompareOptions,
  type CompareResult,
  type CompareSpec,
  compareModeSchema,
  compareModes,
  compareOutput,
  compareWith,
  judge0Normalize,
  maxRegexLength,
  maxRegexSubjectLength,
  regexBudgetMs,
} from "./compare.ts";
