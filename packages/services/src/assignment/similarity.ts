import { type Database, submissions, user } from "@codeclass/db";
import { assignmentSimilarityInput } from "@codeclass/validators";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { compareSubmissions, type SimilarFragment, type SimilarPair } from "../similarity/compare-submissions.ts";
import { type EditEvidence, editEvidence } from "../similarity/edit-evidence.ts";
import { type FragmentOrigin, fragmentOrigin, type LineOrigin, lineOrigins, linesByPath } from "../similarity/fragment-origin.ts";
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
  pairs: {
    left: string;
    right: string;
    similarity: number;
    longest: number;
    overlap: number;
    /** Each with how it came to be in each student's code (from their edit logs; null without one). */
    fragments: (SimilarFragment & { origin: { left: FragmentOrigin | null; right: FragmentOrigin | null } })[];
  }[];
  /** The students named by the pairs, with their submitted files and edit evidence. */
  students: Record<string, SimilarityStudent>;
  warnings: string[];
}

/**
 * Compares every student's final submission (their latest) with every other's, per language, with
 * Dolos; the starter code is left out. The most similar pairs first, each with its matched
 * fragments; beside them what only Codeclass has: each student's edit log (large pastes, typing
 * time) and, per fragment, the moment it appeared in each student's code and whether it arrived
 * typed or in one paste. Staff of the course only.
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
      name: user.name,
      email: user.email,
    })
    .from(submissions)
    .innerJoin(user, eq(user.id, submissions.userId))
    .where(eq(submissions.assignmentId, assignment.id))
    .orderBy(submissions.userId, desc(submissions.createdAt));
  const byLanguage = new Map<string, typeof finals>();
  for (const s of finals) byLanguage.set(s.language, [...(byLanguage.get(s.language) ?? []), s]);
  const starter = assignment.starter;
  const pairs: SimilarPair[] = [];
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
  const evidence = await editEvidence(db, actor, {
    courseId: assignment.courseId,
    workspaceIds: chosen.flatMap((s) => (s.workspaceId ? [s.workspaceId] : [])),
  });
  // Each named student's edit log replayed once (one at a time: a log is read a page at a time),
  // and their submitted files split into lines once.
  const originsBy = new Map<string, { origins: Map<string, LineOrigin>; lines: Map<string, string[]> }>();
  for (const s of chosen)
    if (s.workspaceId) originsBy.set(s.userId, { origins: await lineOrigins(db, s.workspaceId), lines: linesByPath(s.files) });
  const evidenceBy = new Map(evidence.map((e) => [e.workspaceId, e]));
  const students: Record<string, SimilarityStudent> = {};
  for (const s of chosen) {
    students[s.userId] = {
      userId: s.userId,
      name: s.name,
      email: s.email,
      submissionId: s.id,
      submittedAt: s.createdAt,
      workspaceId: s.workspaceId,
      language: s.language,
      files: s.files,
      evidence: s.workspaceId ? (evidenceBy.get(s.workspaceId) ?? null) : null,
    };
  }
  const originOf = (userId: string, ranges: SimilarFragment["left"]) => {
    const mine = originsBy.get(userId);
    return mine ? fragmentOrigin(ranges, mine.lines, mine.origins) : null;
  };
  return {
    compared: finals.length,
    pairs: shown.map((p) => ({
      ...p,
      fragments: p.fragments.map((f) => ({ ...f, origin: { left: originOf(p.left, f.left), right: originOf(p.right, f.right) } })),
    })),
    students,
    warnings: [...new Set(warnings)],
  };
}
