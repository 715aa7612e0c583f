import type { AppRouter } from "@codeclass/api";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** The signed-in person, as `me.get` returns them. */
export type Me = inferOutput<Api["me"]["get"]>;
/** A course in "My courses", with the reader's role in it. */
export type MyCourse = inferOutput<Api["course"]["listMine"]>[number];
/** A course page's data: the course, the reader's role and what they may do. */
export type CourseDetail = inferOutput<Api["course"]["get"]>;
export type Course = CourseDetail["course"];
/** One row of a course's roster. */
export type RosterEntry = inferOutput<Api["enrollment"]["roster"]>[number];
export type CourseRole = RosterEntry["role"];
/** A workspace as `workspace.getOrCreate`/`getOrCreateDemo`/`get` return it. */
export type WorkspaceInfo = NonNullable<inferOutput<Api["workspace"]["getOrCreate"]>>;
/** One student of `workspace.roster`. */
export type RosterWorkspace = inferOutput<Api["workspace"]["roster"]>[number];
/** One step of `workspace.history`. */
export type HistoryUpdate = inferOutput<Api["workspace"]["history"]>["updates"][number];
/** `run.languages`: what the sandbox runs, and whether it is set up. */
export type SandboxLanguages = inferOutput<Api["run"]["languages"]>;
/** What an admin's import check (or a refused import) reports: counts and problems by line. */
export type ImportReport = inferOutput<Api["admin"]["importPreview"]>;
/** An assignment as `assignment.get` returns it (tests as the reader may see them). */
export type AssignmentDetail = inferOutput<Api["assignment"]["get"]>;
/** One assignment of a course page's list. */
export type AssignmentListItem = inferOutput<Api["assignment"]["list"]>[number];
/** A submission with its current results (`assignment.submission`). */
export type SubmissionDetail = inferOutput<Api["assignment"]["submission"]>;
export type SubmissionResult = SubmissionDetail["results"][number];
/** The course gradebook (`assignment.gradebook`). */
export type Gradebook = inferOutput<Api["assignment"]["gradebook"]>;
/** One student of the review panel's assignment view. */
export type AssignmentReviewRow = inferOutput<Api["assignment"]["review"]>[number];
