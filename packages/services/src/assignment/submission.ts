import type { DbOrTx } from "@codeclass/db";
import { submissionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { submissionForViewer } from "./submission-for-viewer.ts";

/** One submission with its current results (owner or staff; hidden tests shown without their content to students). */
export async function submission(db: DbOrTx, actor: Actor, raw: z.input<typeof submissionRef>) {
  const { submissionId } = submissionRef.parse(raw);
  const { summary, results } = await submissionForViewer(db, actor, submissionId);
  return { ...summary, results: results.sort((a, b) => a.position - b.position) };
}
