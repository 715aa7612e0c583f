import { z } from "zod";
import { badRequest } from "../errors.ts";

/** Where the LiveKit server is and the API key pair it shares with this platform. */
export interface LiveKitConfig {
  /** The LiveKit server's WebSocket URL as browsers reach it, e.g. ws://localhost:7880. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Where room recordings go (S3-compatible storage); absent: recording is off. */
  recording?: RecordingStorage | null;
}

/** The S3-compatible bucket LiveKit's egress writes recordings to, with the keys it uses. */
export interface RecordingStorage {
  bucket: string;
  region: string;
  /** For storage other than AWS (MinIO, Ceph, ...): its URL. */
  endpoint: string | null;
  accessKey: string;
  secret: string;
  forcePathStyle: boolean;
}

export const liveKitEnvSchema = z.object({
  LIVEKIT_URL: z.url({ error: "LIVEKIT_URL must be a URL such as ws://localhost:7880" }).optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  LIVEKIT_RECORDING_S3_BUCKET: z.string().min(1).optional(),
  LIVEKIT_RECORDING_S3_REGION: z.string().min(1).optional(),
  LIVEKIT_RECORDING_S3_ENDPOINT: z.url({ error: "LIVEKIT_RECORDING_S3_ENDPOINT must be a URL such as http://minio:9000" }).optional(),
  LIVEKIT_RECORDING_S3_ACCESS_KEY: z.string().min(1).optional(),
  LIVEKIT_RECORDING_S3_SECRET: z.string().min(1).optional(),
  LIVEKIT_RECORDING_S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"], { error: "LIVEKIT_RECORDING_S3_FORCE_PATH_STYLE must be true or false" })
    .optional(),
});

/** The LiveKit configuration from the environment: all three variables, or none (video off). */
export function liveKitFromEnv(env: z.infer<typeof liveKitEnvSchema>): LiveKitConfig | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env;
  const set = [url, apiKey, apiSecret].filter(Boolean).length;
  if (set === 0) return null;
  if (set < 3) throw new Error("Invalid configuration:\n  set all of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or none of them");
  return { url: url!, apiKey: apiKey!, apiSecret: apiSecret!, recording: recordingFromEnv(env) };
}

/** The recording storage from the environment: a bucket with its access key and secret, or nothing (recording off). */
export function recordingFromEnv(env: z.infer<typeof liveKitEnvSchema>): RecordingStorage | null {
  const bucket = env.LIVEKIT_RECORDING_S3_BUCKET;
  const accessKey = env.LIVEKIT_RECORDING_S3_ACCESS_KEY;
  const secret = env.LIVEKIT_RECORDING_S3_SECRET;
  if (!bucket && !accessKey && !secret) return null;
  if (!bucket || !accessKey || !secret)
    throw new Error(
      "Invalid configuration:\n  set all of LIVEKIT_RECORDING_S3_BUCKET, LIVEKIT_RECORDING_S3_ACCESS_KEY and LIVEKIT_RECORDING_S3_SECRET, or none of them",
    );
  return {
    bucket,
    accessKey,
    secret,
    region: env.LIVEKIT_RECORDING_S3_REGION ?? "us-east-1",
    endpoint: env.LIVEKIT_RECORDING_S3_ENDPOINT ?? null,
    forcePathStyle: env.LIVEKIT_RECORDING_S3_FORCE_PATH_STYLE === "true",
  };
}

export const recordingNotConfiguredMessage =
  "recording is not configured on this server: set LIVEKIT_RECORDING_S3_BUCKET, LIVEKIT_RECORDING_S3_ACCESS_KEY and LIVEKIT_RECORDING_S3_SECRET (and LIVEKIT_RECORDING_S3_ENDPOINT for storage other than AWS), run LiveKit's egress service, then restart";

/** The recording storage, or a BAD_REQUEST that says how to enable recording. */
export function requireRecording(config: LiveKitConfig): RecordingStorage {
  if (!config.recording) throw badRequest(recordingNotConfiguredMessage);
  return config.recording;
}

export const videoNotConfiguredMessage =
  "video is not configured on this server: run a LiveKit server (for a try: livekit-server --dev) and set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (devkey and secret with --dev), then restart";

/** The configuration, or a BAD_REQUEST that says how to enable video. */
export function requireVideo(config: LiveKitConfig | null | undefined): LiveKitConfig {
  if (!config) throw badRequest(videoNotConfiguredMessage);
  return config;
}
