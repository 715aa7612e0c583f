import type { Database } from "@codeclass/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { largeUpdateChars } from "../workspace/history.ts";

export const editEvidenceInput = z
  .object({
    courseId: z.uuid({ error: "must be a course id (a UUID)" }),
    workspaceIds: z.array(z.uuid({ error: "must be workspace ids (UUIDs)" })).max(1000, { error: "may hold at most 1000 workspaces" }),
    /** A pause between two edits longer than this does not count as typing time. */
    idleGapMs: z
      .number()
      .int()
      .min(1000)
      .max(3_600_000)
      .default(5 * 60_000),
  })
  .strict();

/**
 * What the edit log says of how a student wrote their code: only their own edits, those sent on
 * reconnect (sync) included, since a paste may be sent that way (not staff's, nor the template).
 */
export interface EditEvidence {
  workspaceId: string;
  ownerId: string | null;
  edits: number;
  insertedChars: number;
  /** Edits that inserted at least `largeUpdateChars` at once (a paste, as the history page flags them). */
  largePastes: { at: Date; chars: number }[];
  pastedChars: number;
  /** Time between consecutive edits, pauses over `idleGapMs` left out. */
  typingMs: number;
  firstEditAt: Date | null;
  lastEditAt: Date | null;
}

/**
 * Per workspace of the course: the student's edits, large pastes and typing time, from the
 * workspace update log (one statement). For the course's staff and admins; workspaces of other
 * courses are left out.
 */
export async function editEvidence(db: Database, actor: Actor, raw: z.input<typeof editEvidenceInput>): Promise<EditEvidence[]> {
  const input = editEvidenceInput.parse(raw);
  await requireCourse(db, actor, input.courseId, "roster");
  if (input.workspaceIds.length === 0) return [];
  const rows = await db.execute<{
    workspace_id: string;
    owner_id: string | null;
    edits: string;
    inserted: string | null;
    pasted: string | null;
    typing_ms: number | null;
    first_at: string | null;
    last_at: string | null;
    pastes: { at: string; chars: number }[] | null;
  }>(sql`
    with e as (
      select u.workspace_id, w.owner_id, u.at, u.inserted_chars,
        extract(epoch from u.at - lag(u.at) over (partition by u.workspace_id order by u.id)) * 1000 as gap
      from workspace_updates u join workspaces w on w.id = u.workspace_id
      where u.workspace_id in (${sql.join(
        input.workspaceIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
        and w.course_id = ${input.courseId} and u.author_id = w.owner_id and u.source in ('edit', 'sync')
    )
    select workspace_id, owner_id, count(*) as edits, sum(inserted_chars) as inserted,
      sum(inserted_chars) filter (where inserted_chars >= ${largeUpdateChars}) as pasted,
      coalesce(sum(gap) filter (where gap <= ${input.idleGapMs}), 0)::float8 as typing_ms,
      min(at)::text as first_at, max(at)::text as last_at,
      json_agg(json_build_object('at', at, 'chars', inserted_chars) order by at) filter (where inserted_chars >= ${largeUpdateChars}) as pastes
    from e group by workspace_id, owner_id`);
  const found = new Map(rows.map((r) => [r.workspace_id, r]));
  return input.workspaceIds.map((id) => {
    const r = found.get(id);
    return {
      workspaceId: id,
      ownerId: r?.owner_id ?? null,
      edits: Number(r?.edits ?? 0),
      insertedChars: Number(r?.inserted ?? 0),
      largePastes: (r?.pastes ?? []).map((p) => ({ at: new Date(p.at), chars: p.chars })),
      pastedChars: Number(r?.pasted ?? 0),
      typingMs: Math.round(Number(r?.typing_ms ?? 0)),
      firstEditAt: r?.first_at ? new Date(r.first_at) : null,
      lastEditAt: r?.last_at ? new Date(r.last_at) : null,
    };
  });
}
