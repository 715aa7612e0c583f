import type { CourseRow } from "../access/index.ts";

/** The course fields every member may see. */
export function publicCourse(c: CourseRow) {
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    description: c.description,
    term: c.term,
    archivedAt: c.archivedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
export type Course = ReturnType<typeof publicCourse>;
