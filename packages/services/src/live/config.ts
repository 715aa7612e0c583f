import { z } from "zod";
import { badRequest } from "../errors.ts";

/** Where the LiveKit server is and the API key pair it shares with this platform. */
export interface LiveKitConfig {
  /** The LiveKit server's WebSocket URL as browsers reach it, e.g. ws://localhost:7880. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

export const liveKitEnvSchema = z.object({
  LIVEKIT_URL: z.url({ error: "LIVEKIT_URL must be a URL such as ws://localhost:7880" }).optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
});

/** The LiveKit configuration from the environment: all three variables, or none (video off). */
export function liveKitFromEnv(env: z.infer<typeof liveKitEnvSchema>): LiveKitConfig | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env;
  const set = [url, apiKey, apiSecret].filter(Boolean).length;
  if (set === 0) return null;
  if (set < 3) throw new Error("Invalid configuration:\n  set all of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or none of them");
  return { url: url!, apiKey: apiKey!, apiSecret: apiSecret! };
}

export const videoNotConfiguredMessage =
  "video is not configured on this server: run a LiveKit server (for a try: livekit-server --dev) and set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (devkey and secret with --dev), then restart";

/** The configuration, or a BAD_REQUEST that says how to enable video. */
export function requireVideo(config: LiveKitConfig | null | undefined): LiveKitConfig {
  if (!config) throw badRequest(videoNotConfiguredMessage);
  return config;
}
