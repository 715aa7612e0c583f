import type { DbOrTx } from "@codeclass/db";
import { inviteImportInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { type ImportReport, preview } from "../import/index.ts";
import { instructorImportScope } from "./import-roster.ts";

/**
 * The admin's roster import, for the course's own instructors: a roster or enrollments file whose
 * every row names this course and gives student or ta (else a row problem). Writes nothing.
 */
export async function importPreview(db: DbOrTx, actor: Actor, raw: z.input<typeof inviteImportInput>): Promise<ImportReport> {
  const { courseId, ...file } = inviteImportInput.parse(raw);
  const scope = await instructorImportScope(db, actor, courseId);
  return preview(db, actor, file, { scope });
}
