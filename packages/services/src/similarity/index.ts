export {
  type CompareSubmissionsInput,
  compareSubmissions,
  compareSubmissionsInput,
  type FileRange,
  type SimilarFragment,
  type SimilarPair,
} from "./compare-submissions.ts";
export { type EditEvidence, editEvidence, editEvidenceInput } from "./edit-evidence.ts";
