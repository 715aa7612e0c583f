import { Readable } from "node:stream";
import { type Auth, credentialHeaders } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import { actorFromUser, type ObjectStorage, profile, ServiceError, type ServiceErrorCode } from "@codeclass/services";
import { avatarLimits } from "@codeclass/validators";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Log } from "./logger.ts";
import { cookieRequestRefusal } from "./request-origin.ts";

type Vars = { Variables: { requestId: string; log: Log } };

export interface AvatarRoutesOptions {
  db: Database;
  auth: Auth;
  /** Where avatars are kept (S3 or the data directory). */
  storage: ObjectStorage;
  /** Origins whose pages may use the session cookie (see cookieRequestRefusal). */
  trustedOrigins: string[];
}

const statusOf: Record<ServiceErrorCode, 400 | 401 | 403 | 404 | 409 | 429> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};
const maxMiB = avatarLimits.maxBytes / 1024 / 1024;

/** Uploads one account may make per hour: a picture is decoded at up to 40 million pixels, which costs memory and CPU. */
export const avatarUploadsPerHour = 20;
/** Pictures decoded at once by this server, whoever sends them; the others wait their turn. */
const concurrentDecodes = 2;

/**
 * Per account (this server's count): one upload at a time and `avatarUploadsPerHour`; across
 * accounts, `concurrentDecodes` pictures decoded at once. Null when this upload may go on (call
 * `done` after it), else the refusal.
 */
function uploadGate() {
  const recent = new Map<string, number[]>();
  const busy = new Set<string>();
  let decoding = 0;
  const waiting: (() => void)[] = [];
  return {
    enter(userId: string): string | null {
      if (busy.has(userId)) return "your previous picture is still being processed; wait for it, then try again";
      const hourAgo = Date.now() - 3_600_000;
      const times = (recent.get(userId) ?? []).filter((t) => t > hourAgo);
      if (times.length >= avatarUploadsPerHour) {
        const minutes = Math.max(1, Math.ceil((times[0]! - hourAgo) / 60_000));
        return `you have changed your picture ${avatarUploadsPerHour} times in the last hour; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
      }
      times.push(Date.now());
      recent.set(userId, times);
      busy.add(userId);
      return null;
    },
    async turn(): Promise<void> {
      if (decoding < concurrentDecodes) {
        decoding++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    done(userId: string, hadTurn: boolean) {
      busy.delete(userId);
      if (!hadTurn) return;
      const next = waiting.shift();
      if (next) next();
      else decoding--;
    },
  };
}
const userIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * /api/avatar: `POST` (the picture as the raw body) and `DELETE` change the caller's own avatar,
 * which is the only one they can change; `GET /api/avatar/:userId` serves anyone's to a signed-in
 * reader, cached for good when the URL carries the current version (`?v=`).
 */
export function avatarRoutes(deps: AvatarRoutesOptions) {
  const app = new Hono<Vars>();
  const uploads = uploadGate();

  const signedIn = async (c: Context<Vars>) => {
    const headers = credentialHeaders({ authorization: c.req.header("authorization"), cookie: c.req.header("cookie") });
    const session = await deps.auth.api.getSession({ headers });
    return session ? actorFromUser(session.user) : null;
  };
  const refuse = (c: Context<Vars>, err: unknown) => {
    if (err instanceof ServiceError) return c.json({ code: err.code, message: err.message }, statusOf[err.code]);
    // The storage (an S3 server, a full disk) failed, not the request: say so, and log what happened.
    c.get("log").error({ err, storage: deps.storage.kind }, "avatar storage failed");
    return c.json({ code: "STORAGE_UNAVAILABLE", message: "the picture store is not answering; please try again in a minute" }, 503);
  };

  // Changes come only from our own pages, with a length stated up front and within the limit.
  app.on(["POST", "DELETE"], "/", async (c, next) => {
    const refusal = cookieRequestRefusal(c.req.raw, deps.trustedOrigins);
    if (refusal) return c.json({ code: "FORBIDDEN", message: refusal }, 403);
    if (c.req.method === "POST" && c.req.header("content-length") === undefined)
      return c.json({ code: "LENGTH_REQUIRED", message: "send the picture with a Content-Length header" }, 411);
    return next();
  });

  app.post(
    "/",
    bodyLimit({
      maxSize: avatarLimits.maxBytes,
      onError: (c) =>
        c.json({ code: "PAYLOAD_TOO_LARGE", message: `the picture is too large: the limit is ${maxMiB} MiB; send a smaller one` }, 413),
    }),
    async (c) => {
      const actor = await signedIn(c);
      if (!actor) return c.json({ code: "UNAUTHORIZED", message: "Sign in to change your avatar" }, 401);
      const refusal = uploads.enter(actor.id);
      if (refusal) return c.json({ code: "TOO_MANY_REQUESTS", message: refusal }, 429);
      let hadTurn = false;
      try {
        const bytes = Buffer.from(await c.req.arrayBuffer());
        await uploads.turn();
        hadTurn = true;
        const result = await profile.setAvatar(deps.db, deps.storage, actor, bytes);
        c.get("log").info({ userId: actor.id, bytes: bytes.length, storage: deps.storage.kind }, "avatar set");
        return c.json(result);
      } catch (err) {
        return refuse(c, err);
      } finally {
        uploads.done(actor.id, hadTurn);
      }
    },
  );

  app.delete("/", async (c) => {
    const actor = await signedIn(c);
    if (!actor) return c.json({ code: "UNAUTHORIZED", message: "Sign in to remove your avatar" }, 401);
    try {
      return c.json(await profile.deleteAvatar(deps.db, deps.storage, actor));
    } catch (err) {
      return refuse(c, err);
    }
  });

  app.get("/:userId", async (c) => {
    if (!(await signedIn(c))) return c.json({ code: "UNAUTHORIZED", message: "Sign in to see avatars" }, 401);
    const userId = c.req.param("userId");
    let avatar: Awaited<ReturnType<typeof profile.readAvatar>> = null;
    try {
      avatar = userIdPattern.test(userId) ? await profile.readAvatar(deps.db, deps.storage, userId) : null;
    } catch (err) {
      return refuse(c, err);
    }
    if (!avatar) return c.json({ code: "NOT_FOUND", message: "this user has no uploaded avatar" }, 404);
    const etag = `"${avatar.version}"`;
    // The versioned URL never changes its picture; any other spelling is checked each time.
    const cacheControl = c.req.query("v") === avatar.version ? "private, max-age=31536000, immutable" : "private, no-cache";
    if (c.req.header("if-none-match") === etag) {
      avatar.body.destroy();
      return c.body(null, 304, { etag, "cache-control": cacheControl });
    }
    return c.body(Readable.toWeb(avatar.body) as ReadableStream, 200, {
      "content-type": avatar.contentType,
      "content-length": String(avatar.size),
      "cache-control": cacheControl,
      etag,
      "x-content-type-options": "nosniff",
    });
  });

  return app;
}
