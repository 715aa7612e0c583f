/**
 * The rule of `live.remove`: a student staff removed from a session is out of it (its rooms, chat,
 * polls, hands, whiteboard and breakout groups) while it runs; once it has ended, its record is
 * theirs again. Staff are never kept out: callers check this for students only.
 */
export const removedWhileRunning = (session: { status: string; removedUsers: string[] }, userId: string) =>
  session.status !== "ended" && session.removedUsers.includes(userId);

/** What a removed student is told. */
export const removedRefusal = "the course's staff removed you from this session; ask them to let you back in";
