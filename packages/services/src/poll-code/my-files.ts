import { type Database, sessionPollCode, workspaces } from "@codeclass/db";
import { type LanguageId, languages } from "@codeclass/sandbox";
import { pollRef } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { badRequest } from "../errors.ts";
import { requirePoll } from "../polls/require-poll.ts";
import { loadWorkspaceFiles } from "../workspace/index.ts";

/**
 * The files of the caller's own workspace in the poll's course, to pick a code answer from: each
 * path, and whether it is a source file of the question's language. No workspace yet: none.
 */
export async function myFiles(
  db: Database,
  actor: Actor,
  raw: z.input<typeof pollRef>,
): Promise<{ workspaceId: string | null; entry: string | null; files: { path: string; runnable: boolean }[] }> {
  const { pollId } = pollRef.parse(raw);
  const { poll, access } = await requirePoll(db, actor, pollId, "view");
  if (poll.kind !== "code") throw badRequest("is not a code question", "pollId");
  const [spec] = await db.select({ language: sessionPollCode.language }).from(sessionPollCode).where(eq(sessionPollCode.pollId, poll.id));
  const [ws] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(and(eq(workspaces.courseId, access.session.courseId), eq(workspaces.ownerId, actor.id), eq(workspaces.kind, "student")));
  if (!ws || !spec) return { workspaceId: null, entry: null, files: [] };
  const content = await loadWorkspaceFiles(db, ws.id);
  const extensions = languages[spec.language as LanguageId]?.extensions ?? [];
  return {
    workspaceId: ws.id,
    entry: content.entry ?? null,
    files: content.files.map((f) => ({ path: f.path, runnable: extensions.some((e) => f.path.endsWith(e)) })),
  };
}
