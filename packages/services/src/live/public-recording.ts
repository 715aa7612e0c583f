import type { sessionRecordings } from "@codeclass/db";

/** A recording as course members see it (the storage keys never leave the server). */
export interface Recording {
  id: string;
  sessionId: string;
  egressId: string;
  status: string;
  /** The object key asked for, and where LiveKit says it wrote the file once it did. */
  filepath: string;
  location: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  stopRequestedAt: Date | null;
  endedAt: Date | null;
}

export function publicRecording(row: typeof sessionRecordings.$inferSelect): Recording {
  return {
    id: row.id,
    sessionId: row.sessionId,
    egressId: row.egressId,
    status: row.status,
    filepath: row.filepath,
    location: row.location,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    stopRequestedAt: row.stopRequestedAt,
    endedAt: row.endedAt,
  };
}
