import { type DbOrTx, sessionPolls } from "@codeclass/db";
import { and, asc, eq, gt } from "drizzle-orm";
import { type PollView, type PollViewer, pollViews } from "./view.ts";

/** How many polls readEvents returns at most. */
export const pollEventsPage = 100;

/**
 * The session's polls changed after change number `after`, in change order, each in its current
 * state with the number to resume from. Staff follow every change (results included); students
 * only the polls' own (asked, closed, revealed), so 200 answers do not wake 200 students.
 */
export async function readEvents(
  db: DbOrTx,
  viewer: PollViewer,
  sessionId: string,
  after: number,
  limit = pollEventsPage,
): Promise<{ eventId: number; poll: PollView }[]> {
  const column = viewer.staff ? sessionPolls.seq : sessionPolls.stateSeq;
  const rows = await db
    .select()
    .from(sessionPolls)
    .where(and(eq(sessionPolls.sessionId, sessionId), gt(column, after)))
    .orderBy(asc(column))
    .limit(limit);
  const views = await pollViews(db, viewer, rows);
  return rows.map((row, i) => ({ eventId: viewer.staff ? row.seq : row.stateSeq, poll: views[i]! }));
}
