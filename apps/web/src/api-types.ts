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
