import type { Database } from "@codeclass/db";
import { inviteImportInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { commit, type ImportOutcome } from "../import/index.ts";
import { instructorImportScope } from "./import-roster.ts";
import type { InviteOptions } from "./settings.ts";

/**
 * Commits an instructor's roster import (see importPreview): all or nothing; new accounts are
 * made and mailed a set-password link exactly as in the admin's import; one audit row, on the course.
 */
export async function importCommit(
  db: Database,
  actor: Actor,
  raw: z.input<typeof inviteImportInput>,
  options: InviteOptions,
): Promise<ImportOutcome> {
  const { courseId, ...file } = inviteImportInput.parse(raw);
  const scope = await instructorImportScope(db, actor, courseId);
  return commit(db, actor, file, { publicUrl: options.publicUrl, scope });
}
