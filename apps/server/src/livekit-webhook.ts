import type { Database } from "@codeclass/db";
import { live } from "@codeclass/services";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Log } from "./logger.ts";

type Vars = { Variables: { requestId: string; log: Log } };

/** LiveKit's deliveries are small JSON events. */
export const webhookBodyLimit = 256 * 1024;

export interface LiveKitWebhookOptions {
  db: Database;
  /** Absent: video is not configured and the route answers 404. */
  livekit: live.LiveKitConfig | null | undefined;
}

/**
 * POST /webhook (mounted under /api/livekit): LiveKit's webhook deliveries, read as the raw body
 * so its hash can be checked against the signed `sha256` claim. Anything not verified is 401.
 */
export function livekitWebhookRoutes({ db, livekit }: LiveKitWebhookOptions) {
  const app = new Hono<Vars>();
  app.post(
    "/webhook",
    bodyLimit({
      maxSize: webhookBodyLimit,
      onError: (c) => c.json({ error: `the body is too large: the limit is ${webhookBodyLimit / 1024} KiB` }, 413),
    }),
    async (c) => {
      if (!livekit) return c.json({ error: live.videoNotConfiguredMessage }, 404);
      const body = await c.req.text();
      const authorization = c.req.header("authorization") ?? c.req.header("authorize");
      try {
        const result = await live.receiveWebhook(db, livekit, body, authorization);
        c.get("log").info({ livekitWebhook: result }, "livekit webhook");
        return c.json(result);
      } catch (e) {
        if (e instanceof live.WebhookRefused) {
          c.get("log").warn({ reason: e.message }, "livekit webhook refused");
          return c.json({ error: e.message }, 401);
        }
        throw e;
      }
    },
  );
  return app;
}
