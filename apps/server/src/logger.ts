import pino from "pino";

/** Keys under which an error (or its cause) carries the values of a failed query. */
const parameterKeys = new Set(["parameters", "params", "args"]);

/** A query's values may be passwords, tokens or anything a user typed: the log keeps the SQL text only. */
function scrubText(text: string): string {
  return text.replace(/\nparams: .*/g, "\nparams: [not logged]");
}

/** An error as a plain object (pino's serializer), without query parameters, its causes too. */
export function scrubError(err: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pino.stdSerializers.err(err) };
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (parameterKeys.has(key)) delete out[key];
    else if (typeof value === "string") out[key] = scrubText(value);
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && depth < 5) out.cause = scrubError(cause, depth + 1);
  else delete out.cause;
  return out;
}

/** Errors anywhere in a log line's top-level fields (or in a list there, like better-auth's `args`). */
function scrubLine(obj: Record<string, unknown>): Record<string, unknown> {
  let out = obj;
  for (const [key, value] of Object.entries(obj)) {
    const scrubbed =
      value instanceof Error
        ? scrubError(value)
        : Array.isArray(value) && value.some((v) => v instanceof Error)
          ? value.map((v) => (v instanceof Error ? scrubError(v) : v))
          : value;
    if (scrubbed !== value) out = { ...out, [key]: scrubbed };
  }
  return out;
}

/** One JSON line per event; pretty-printed when a person watches a terminal in development. */
export function createLogger(level: string, pretty: boolean, destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    name: "codeclass",
    level,
    redact: ["req.headers.cookie", "req.headers.authorization", "*.password"],
    formatters: { log: scrubLine },
    ...(pretty && !destination
      ? { transport: { target: "pino-pretty", options: { ignore: "pid,hostname", translateTime: "HH:MM:ss" } } }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
export type Log = ReturnType<typeof createLogger>;
