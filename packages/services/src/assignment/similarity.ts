import { type Database, submissions, user } from "@codeclass/db";
import { assignmentSimilarityInput } from "@codeclass/validators";
import { desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { compareSubmissions, type SimilarFragment } from "../similarity/compare-submissions.ts";
import { type EditEvidence, editEvidence } from "../similarity/edit-evidence.ts";
import { requireAssignment } from "./require-assignment.ts";

export interface SimilarityStudent {
  userId: string;
  name: string;
  email: string;
  submissionId: string;
  submittedAt: Date;
  workspaceId: string | null;
  language: string;
  files: { path: string; content: string }[];
  /** What the edit log says of how they wrote it (none when the submission has no workspace). */
  evidence: EditEvidence | null;
}

export interface AssignmentSimilarity {
  /** Students whose final submissions were compared. */
  compared: number;
  pairs: { left: string; right: string; similarity: number; longest: number; overlap: number; fragments: SimilarFragment[] }[];
  /** The students named by the pairs, with their submitted files and edit evidence. */
  students: Record<string, SimilarityStudent>;
  warnings: string[];
}

/**
 * Compares every student's final submission (their latest) with every other's, per language, with
 * Dolos; the starter code is left out. The most similar pairs first, each with its matched
 * fragments; beside them what only Codeclass has: each student's edit log (large pastes, typing
 * time). Staff of the course only.
 */
export async function similarity(
  db: Database,
  actor: Actor,
  raw: z.input<typeof assignmentSimilarityInput>,
): Promise<AssignmentSimilarity> {
  const input = assignmentSimilarityInput.parse(raw);
  const { assignment } = await requireAssignment(db, actor, input.assignmentId, "staff");
  const finals = await db
    .selectDistinctOn([submissions.userId], {
      id: submissions.id,
      userId: submissions.userId,
      workspaceId: submissions.workspaceId,
      language: submissions.language,
      files: submissions.files,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .where(eq(submissions.assignmentId, assignment.id))
    .orderBy(submissions.userId, desc(submissions.createdAt));
  const byLanguage = new Map<string, typeof finals>();
  for (const s of finals) byLanguage.set(s.language, [...(byLanguage.get(s.language) ?? []), s]);
  const starter = assignment.starter;
  const pairs: AssignmentSimilarity["pairs"] = [];
  const warnings: string[] = [];
  for (const [language, group] of byLanguage) {
    const starterFiles = starter && (starter.language === null || starter.language === language) ? starter.files : [];
    const found = await compareSubmissions({
      language: language as never,
      submissions: group.map((s) => ({ studentId: s.userId, files: s.files })),
      starterFiles,
      minSimilarity: input.minSimilarity,
    });
    pairs.push(...found.pairs);
    warnings.push(...found.warnings);
  }
  pairs.sort((a, b) => b.similarity - a.similarity || b.longest - a.longest);
  const shown = pairs.slice(0, input.maxPairs);
  const named = new Set(shown.flatMap((p) => [p.left, p.right]));
  const chosen = finals.filter((s) => named.has(s.userId));
  const [people, evidence] = await Promise.all([
    chosen.length
      ? db
          .select({ id: user.id, name: user.name, email: user.email })
          .from(user)
          .where(
            inArray(
              user.id,
              chosen.map((s) => s.userId),
            ),
          )
      : [],
    editEvidence(db, actor, {
      courseId: assignment.courseId,
      workspaceIds: chosen.flatMap((s) => (s.workspaceId ? [s.workspaceId] : [])),
    }),
  ]);
  const personBy = new Map(people.map((p) => [p.id, p]));
  const evidenceBy = new Map(evidence.map((e) => [e.workspaceId, e]));
  const students: Record<string, SimilarityStudent> = {};
  for (const s of chosen) {
    const person = personBy.get(s.userId);
    students[s.userId] = {
      userId: s.userId,
      name: person?.name ?? "",
      email: person?.email ?? "",
      submissionId: s.id,
      submittedAt: s.createdAt,
      workspaceId: s.workspaceId,
      language: s.language,
      files: s.files.map((f) => ({ path: f.path, content: f.content })),
      evidence: s.workspaceId ? (evidenceBy.get(s.workspaceId) ?? null) : null,
    };
  }
  return { compared: finals.length, pairs: shown, students, warnings: [...new Set(warnings)] };
}
