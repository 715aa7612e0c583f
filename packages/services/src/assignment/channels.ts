/** NOTIFY channel of grading progress: the payload is the submission id (a result was recorded, or it finished). */
export const submissionGradedChannel = "codeclass_submission_graded";
