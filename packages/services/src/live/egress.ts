import { type DbOrTx, sessionRecordings } from "@codeclass/db";
import { and, eq, lte, sql } from "drizzle-orm";
import { EgressClient, type EgressInfo, EgressStatus, EncodedFileOutput, EncodedFileType, S3Upload } from "livekit-server-sdk";
import type { LiveKitConfig, RecordingStorage } from "./config.ts";

export function egressService(config: LiveKitConfig) {
  return new EgressClient(config.url, config.apiKey, config.apiSecret);
}

/** An MP4 file at `filepath` in the configured bucket. */
export function recordingOutput(storage: RecordingStorage, filepath: string) {
  return new EncodedFileOutput({
    fileType: EncodedFileType.MP4,
    filepath,
    output: {
      case: "s3",
      value: new S3Upload({
        bucket: storage.bucket,
        region: storage.region,
        endpoint: storage.endpoint ?? "",
        accessKey: storage.accessKey,
        secret: storage.secret,
        forcePathStyle: storage.forcePathStyle,
      }),
    },
  });
}

/** LiveKit's EgressStatus as stored: EGRESS_LIMIT_REACHED → "limit_reached". */
export const egressStatusName = (status: EgressStatus) => (EgressStatus[status] ?? "EGRESS_STARTING").replace(/^EGRESS_/, "").toLowerCase();

/** Statuses after which an egress writes nothing more. */
export const finishedStatuses = ["complete", "failed", "aborted", "limit_reached"];

/** A protobuf timestamp in nanoseconds as a Date, or null for 0. */
export const nanosToDate = (ns: bigint | undefined) => (ns ? new Date(Number(ns / 1_000_000n)) : null);

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Applies what LiveKit says about an egress to its recording (a webhook, or the answer to a stop)
 * unless a newer report (by `at`) was applied already. Returns whether a recording changed.
 */
export async function applyEgressInfo(db: DbOrTx, info: EgressInfo, at: Date): Promise<boolean> {
  const status = egressStatusName(info.status);
  const finished = finishedStatuses.includes(status);
  const location = info.fileResults?.[0]?.location || null;
  const changed = await db
    .update(sessionRecordings)
    .set({
      status,
      statusAt: at,
      ...(location ? { location } : {}),
      ...(info.error ? { error: info.error } : {}),
      startedAt: sql`coalesce(${sessionRecordings.startedAt}, ${iso(nanosToDate(info.startedAt))}::timestamptz)`,
      ...(finished ? { endedAt: sql`coalesce(${sessionRecordings.endedAt}, ${iso(nanosToDate(info.endedAt) ?? at)}::timestamptz)` } : {}),
    })
    .where(and(eq(sessionRecordings.egressId, info.egressId), lte(sessionRecordings.statusAt, at)))
    .returning({ id: sessionRecordings.id });
  return changed.length > 0;
}
