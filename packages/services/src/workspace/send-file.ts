import type { Database } from "@codeclass/db";
import { workspaceSendFileInput } from "@codeclass/validators";
import { createFile, getFiles, workspaceLimits } from "@codeclass/workspace-doc";
import type { z } from "zod";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, conflict, forbidden, notFound, ServiceError } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import type { WorkspaceEditor } from "./editor.ts";
import { loadWorkspaceFiles } from "./load-workspace-doc.ts";
import { roster } from "./roster.ts";

/** What happened in one student's workspace. */
export interface SentFile {
  userId: string;
  name: string;
  workspaceId: string;
  /** The file's name in the student's workspace (another one than sent when theirs was kept). */
  path: string | null;
  /** created: new file; renamed: theirs was kept and the copy got `path`; overwritten: theirs replaced (its text stays in history); unchanged: already the same. */
  outcome: "created" | "renamed" | "overwritten" | "unchanged" | "failed";
  /** Why it failed (a limit of their workspace), when it did. */
  problem?: string;
}

/** How many workspaces are edited at once. */
const parallel = 8;

/**
 * Staff copy one file of the course demo (or of their own workspace) into every enrolled
 * student's workspace, as an edit logged with source "sent" (docs/collab.md). A student's file of
 * the same name is never lost: by default the copy gets a free name (`name.sent.py`,
 * `name.sent-2.py` …); with "overwrite" it replaces theirs, whose text stays in their history.
 * Each workspace is one edit on its own: a student whose workspace is full is reported as failed,
 * the others still get the file.
 */
export async function sendFile(
  db: Database,
  editor: WorkspaceEditor | null | undefined,
  actor: Actor,
  raw: z.input<typeof workspaceSendFileInput>,
) {
  const input = workspaceSendFileInput.parse(raw);
  const { session } = await requireSession(db, actor, input.sessionId, "staff");
  if (session.status === "ended") throw conflict("this session has ended");
  const source = await requireWorkspace(db, actor, input.workspaceId, "read");
  if (source.workspace.courseId !== session.courseId) throw badRequest("that workspace belongs to another course", "workspaceId");
  if (source.course.archivedAt) throw forbidden("This course is archived: its workspaces are read-only");
  if (source.workspace.kind !== "demo" && source.workspace.ownerId !== actor.id)
    throw forbidden("Send a file of the course's demo workspace or of your own workspace");
  if (!editor) throw new ServiceError("CONFLICT", "the collaboration server is not running here, so workspaces cannot be edited");
  const content = await loadWorkspaceFiles(db, input.workspaceId);
  const file = content.files.find((f) => f.path === input.path);
  if (!file) throw notFound(`the workspace has no file "${input.path}"`, "path");

  const students = (await roster(db, actor, { courseId: session.courseId })).filter((s) => s.workspace.id !== input.workspaceId);
  const results: SentFile[] = [];
  const queue = [...students];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const base = { userId: s.userId, name: s.name, workspaceId: s.workspace.id };
      try {
        const done = await editor.edit(s.workspace.id, { authorId: actor.id, source: "sent" }, (doc) =>
          placeFile(doc, input.path, file.content, input.onConflict),
        );
        results.push({ ...base, ...done });
      } catch (e) {
        results.push({ ...base, path: null, outcome: "failed", problem: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, students.length) }, worker));
  results.sort((a, b) => a.name.localeCompare(b.name));
  const count = (o: SentFile["outcome"]) => results.filter((r) => r.outcome === o).length;
  const summary = {
    created: count("created"),
    renamed: count("renamed"),
    overwritten: count("overwritten"),
    unchanged: count("unchanged"),
    failed: count("failed"),
  };
  await recordAudit(db, {
    actorId: actor.id,
    action: "workspace.sendFile",
    targetType: "session",
    targetId: input.sessionId,
    courseId: session.courseId,
    data: { workspaceId: input.workspaceId, path: input.path, onConflict: input.onConflict, ...summary },
  });
  return { path: input.path, students: results.length, ...summary, results };
}

/** Puts the file into one document (inside the editor's transaction); throws, changing nothing, when a limit is reached. */
function placeFile(doc: import("yjs").Doc, path: string, content: string, onConflict: "rename" | "overwrite") {
  const files = getFiles(doc);
  const theirs = files.get(path);
  if (!theirs) {
    createFile(doc, path, content);
    return { path, outcome: "created" as const };
  }
  if (theirs.toString() === content) return { path, outcome: "unchanged" as const };
  if (onConflict === "overwrite") {
    let chars = 0;
    for (const t of files.values()) chars += t.length;
    if (chars - theirs.length + content.length > workspaceLimits.docChars)
      throw new Error(`workspace too large: the limit is ${workspaceLimits.docChars} characters of text`);
    theirs.delete(0, theirs.length);
    theirs.insert(0, content);
    return { path, outcome: "overwritten" as const };
  }
  const free = freeName(path, (p) => files.has(p));
  createFile(doc, free, content);
  return { path: free, outcome: "renamed" as const };
}

/** `dir/name.ext` → `dir/name.sent.ext`, then `dir/name.sent-2.ext` … (the first one not taken). */
export function freeName(path: string, taken: (p: string) => boolean): string {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 1; ; n++) {
    const candidate = `${dir}${stem}.sent${n === 1 ? "" : `-${n}`}${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
