export { answer } from "./answer.ts";
export { create } from "./create.ts";
export { gradeRun } from "./grade-run.ts";
export { myFiles } from "./my-files.ts";
export { sameOutput } from "./same-output.ts";
export type { CodePollView, CodeResults } from "./view.ts";
