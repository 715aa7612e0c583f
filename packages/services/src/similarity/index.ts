export {
  type CompareSubmissionsInput,
  compareSubmissions,
  compareSubmissionsInput,
  type FileRange,
  type SimilarFragment,
  type SimilarPair,
} from "./compare-submissions.ts";
export { type EditEvidence, editEvidence, editEvidenceInput } from "./edit-evidence.ts";
export { type FragmentOrigin, fragmentOrigin, type LineOrigin, lineOrigins, linesByPath } from "./fragment-origin.ts";
