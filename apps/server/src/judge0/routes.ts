import type { Database } from "@codeclass/db";
import { languageIds } from "@codeclass/sandbox";
import { apiKey, judge0, type run, ServiceError } from "@codeclass/services";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Log } from "../logger.ts";
import {
  about,
  defaultFields,
  judge0Languages,
  judge0Statuses,
  languageRecord,
  maxBatchSize,
  type SubmissionField,
  submissionFields,
  systemInfo,
} from "./catalog.ts";
import { serializeSubmission } from "./serialize.ts";
import { configInfo, parseSubmission } from "./submission-input.ts";
import { createTokenBuckets } from "./token-bucket.ts";

type Vars = { Variables: { requestId: string; log: Log; caller: apiKey.ApiKeyCaller } };

/** The largest request body: a batch of programs with their stdin (the run limits', JSON-escaped). */
export const judge0BodyLimit = 24 * 1024 * 1024;
/** The longest a `wait=true` request waits for its run before answering with its state so far. */
export const maxWaitMs = 120_000;

export interface Judge0RoutesOptions {
  db: Database;
  /** Wakes a waiting request when its run's events arrive (the server's run events hub). */
  runEvents: run.NotifyHub;
  publicUrl: string;
  version: string;
}

type FieldsResult = { ok: true; fields: SubmissionField[] } | { ok: false; invalid: string[] };

/** Judge0's `fields` query: a comma-separated list, `*` for all, absent for the defaults. */
function requestedFields(param: string | undefined): FieldsResult {
  if (param === undefined || param.trim() === "") return { ok: true, fields: defaultFields };
  if (param.trim() === "*") return { ok: true, fields: [...submissionFields] };
  const names = param
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const invalid = names.filter((n) => !(submissionFields as readonly string[]).includes(n));
  return invalid.length ? { ok: false, invalid } : { ok: true, fields: [...new Set(names)] as SubmissionField[] };
}

const isBase64 = (c: Context) => c.req.query("base64_encoded") === "true";

/**
 * Judge0 CE 1.13's REST API (mounted at /judge0): submissions run as ordinary runs of the API key's
 * creator, in its course. Every route needs a key in `X-Auth-Token` (401 without or unknown, 403
 * revoked) and is rate limited per key (429 with Retry-After).
 */
export function judge0Routes(options: Judge0RoutesOptions) {
  const { db } = options;
  const buckets = createTokenBuckets();
  const app = new Hono<Vars>();

  app.use("*", async (c, next) => {
    const result = await apiKey.authenticate(db, c.req.header("x-auth-token"));
    if (!result.ok) {
      const refusal = {
        missing: [401, "send an API key in the X-Auth-Token header"],
        unknown: [401, "this API key is not known"],
        revoked: [403, "this API key was revoked"],
        owner: [403, "this API key's creator is no longer an enabled administrator"],
      } as const;
      const [status, error] = refusal[result.reason];
      return c.json({ error }, status);
    }
    const cost = c.req.method === "POST" && c.req.path.endsWith("/submissions/batch") ? 0 : 1;
    if (cost > 0) {
      const taken = buckets.take(result.caller.keyId, result.caller.requestsPerMinute, cost);
      if (!taken.ok) {
        c.header("retry-after", String(taken.retryAfterSeconds));
        return c.json(
          {
            error: `too many requests: this key may make ${result.caller.requestsPerMinute} a minute; try again in ${taken.retryAfterSeconds} s`,
          },
          429,
        );
      }
    }
    c.set("caller", result.caller);
    return next();
  });

  /**
   * A batch costs one token per submission, taken once its size is known. A batch larger than the
   * key's rate could never be taken whole: it is refused (a smaller batch is the way), not charged less.
   */
  const takeBatch = (c: Context<Vars>, n: number) => {
    const caller = c.get("caller");
    if (n > caller.requestsPerMinute)
      return c.json(
        {
          error: `this key may make ${caller.requestsPerMinute} submissions a minute: send at most ${caller.requestsPerMinute} in a batch (this one has ${n})`,
        },
        429,
      );
    const taken = buckets.take(caller.keyId, caller.requestsPerMinute, n);
    if (taken.ok) return null;
    c.header("retry-after", String(taken.retryAfterSeconds));
    return c.json(
      {
        error: `too many requests: this key may make ${caller.requestsPerMinute} submissions a minute; try again in ${taken.retryAfterSeconds} s`,
      },
      429,
    );
  };

  const limitBody = bodyLimit({
    maxSize: judge0BodyLimit,
    onError: (c) => c.json({ error: `the request body is too large: the limit is ${judge0BodyLimit / 1024 / 1024} MiB` }, 413),
  });

  async function readJson(c: Context<Vars>): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
    try {
      return { ok: true, body: await c.req.json() };
    } catch {
      return { ok: false, response: c.json({ error: "the request body is not JSON" }, 400) };
    }
  }

  /** Starts one parsed submission; a full queue is Judge0's 503, other refusals name their field. */
  async function start(c: Context<Vars>, body: unknown, base64: boolean) {
    const parsed = parseSubmission(body, base64);
    if (!parsed.ok) return { ok: false as const, status: 422 as const, body: parsed.errors };
    try {
      return { ok: true as const, token: (await judge0.submit(db, c.get("caller"), parsed.value)).token };
    } catch (e) {
      if (e instanceof ServiceError && e.code === "TOO_MANY_REQUESTS")
        return { ok: false as const, status: 503 as const, body: { error: "queue is full" } };
      if (e instanceof ServiceError && e.code === "BAD_REQUEST")
        return { ok: false as const, status: 422 as const, body: { [fieldName(e.field)]: [e.detail] } };
      if (e instanceof ServiceError && e.code === "FORBIDDEN")
        return { ok: false as const, status: 403 as const, body: { error: e.detail } };
      throw e;
    }
  }

  /** Waits until the run has ended (or `maxWaitMs`), woken by the run events hub rather than polling. */
  async function waitForEnd(keyId: string, token: string, signal: AbortSignal) {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const waiter = options.runEvents.waitFor(token, Math.max(0, Math.min(5_000, deadline - Date.now())), signal);
      const row = (await judge0.read(db, keyId, [token])).get(token);
      if (!row || row.status === "finished" || Date.now() >= deadline || signal.aborted) {
        waiter.cancel();
        return row;
      }
      await waiter.promise;
    }
  }

  app.post("/submissions", limitBody, async (c) => {
    const fields = requestedFields(c.req.query("fields"));
    if (!fields.ok) return c.json({ error: `invalid fields: [${fields.invalid.join(", ")}]` }, 400);
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const base64 = isBase64(c);
    const started = await start(c, json.body, base64);
    if (!started.ok) return c.json(started.body, started.status);
    if (c.req.query("wait") !== "true") return c.json({ token: started.token }, 201);
    const row = await waitForEnd(c.get("caller").keyId, started.token, c.req.raw.signal);
    return c.json(row ? serializeSubmission(row, fields.fields, base64) : { token: started.token }, 201);
  });

  app.post("/submissions/batch", limitBody, async (c) => {
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const list = (json.body as { submissions?: unknown })?.submissions;
    const n = Array.isArray(list) ? list.length : 0;
    if (n > maxBatchSize) return c.json({ error: `number of submissions in a batch should be less than or equal to ${maxBatchSize}` }, 400);
    if (n === 0) return c.json({ error: "there should be at least one submission in a batch" }, 400);
    const refused = takeBatch(c, n);
    if (refused) return refused;
    const base64 = isBase64(c);
    const answers: unknown[] = [];
    let anyStarted = false;
    for (const item of list as unknown[]) {
      const started = await start(c, item, base64);
      if (started.ok) anyStarted = true;
      answers.push(started.ok ? { token: started.token } : started.body);
    }
    return c.json(answers, anyStarted ? 201 : 422);
  });

  app.get("/submissions/batch", async (c) => {
    const fields = requestedFields(c.req.query("fields"));
    if (!fields.ok) return c.json({ error: `invalid fields: [${fields.invalid.join(", ")}]` }, 400);
    const tokens = (c.req.header("tokens") ?? c.req.query("tokens") ?? "")
      .trim()
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (tokens.length > maxBatchSize)
      return c.json({ error: `number of submissions in a batch should be less than or equal to ${maxBatchSize}` }, 400);
    if (tokens.length === 0) return c.json({ error: "there should be at least one submission in a batch" }, 400);
    const rows = await judge0.read(db, c.get("caller").keyId, tokens);
    const base64 = isBase64(c);
    return c.json({
      submissions: tokens.map((t) => {
        const row = rows.get(t.toLowerCase());
        return row ? serializeSubmission(row, fields.fields, base64) : null;
      }),
    });
  });

  app.get("/submissions/:token", async (c) => {
    const fields = requestedFields(c.req.query("fields"));
    if (!fields.ok) return c.json({ error: `invalid fields: [${fields.invalid.join(", ")}]` }, 400);
    const token = c.req.param("token");
    const row = (await judge0.read(db, c.get("caller").keyId, [token])).get(token.toLowerCase());
    if (!row) return c.json({ error: "submission not found" }, 404);
    return c.json(serializeSubmission(row, fields.fields, isBase64(c)));
  });

  app.get("/languages", (c) =>
    c.json(judge0Languages.map((l) => ({ id: l.id, name: languageRecord(l.id)!.name })).sort((a, b) => a.name.localeCompare(b.name))),
  );
  app.get("/languages/all", (c) =>
    c.json(judge0Languages.flatMap((l) => [l.id, ...l.aliases]).map((id) => ({ id, name: languageRecord(id)!.name, is_archived: false }))),
  );
  app.get("/languages/:id", (c) => {
    const id = Number(c.req.param("id"));
    const record = Number.isInteger(id) ? languageRecord(id) : null;
    return record ? c.json(record) : c.json({ error: `language with id ${c.req.param("id")} doesn't exist` }, 404);
  });
  app.get("/statuses", (c) => c.json(judge0StatusesJson));
  app.get("/about", (c) => c.json(about(options.publicUrl, options.version)));
  app.get("/version", (c) => c.text(about(options.publicUrl, options.version).version));
  app.get("/system_info", (c) => c.json(systemInfo()));
  app.get("/config_info", (c) => c.json(configInfo));
  app.get("/workers", async (c) => {
    const depth = await judge0.queueDepth(db);
    return c.json(
      languageIds.map((language) => {
        const d = depth.get(language) ?? { queued: 0, running: 0 };
        return { queue: language, size: d.queued, available: null, idle: null, working: d.running, paused: 0, failed: 0 };
      }),
    );
  });
  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}

const judge0StatusesJson = judge0Statuses.map((s) => ({ id: s.id, description: s.description }));

/** Our run fields as Judge0's submission fields, for a refusal raised after parsing. */
function fieldName(field: string | undefined) {
  if (!field || field === "files" || field.startsWith("files")) return "source_code";
  if (field === "limits") return "cpu_time_limit";
  if (field === "args") return "command_line_arguments";
  if (field === "language") return "language_id";
  return field;
}
