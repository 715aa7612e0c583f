import type { DbOrTx } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { toCsv } from "../csv.ts";
import { gradebook } from "./gradebook.ts";

/** The course's gradebook as CSV (staff): one row per student, a column per assignment, then the total. */
export async function gradebookCsv(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>) {
  const { courseId } = courseRef.parse(raw);
  await requireCourse(db, actor, courseId, "roster");
  const book = await gradebook(db, actor, { courseId });
  const csv = toCsv(
    [
      { header: "name", value: (r: (typeof book.rows)[number]) => r.name },
      { header: "email", value: (r) => r.email },
      ...book.assignments.map((a) => ({
        header: `${a.title} (/${a.maxScore})`,
        value: (r: (typeof book.rows)[number]) => r.grades[a.id]?.score ?? "",
      })),
      { header: "total", value: (r) => r.total },
      { header: "max total", value: (r) => r.maxTotal },
    ],
    book.rows,
  );
  return { filename: `gradebook-${courseId}.csv`, csv };
}
