import pino from "pino";

/** One JSON line per event; pretty-printed when a person watches a terminal in development. */
export function createLogger(level: string, pretty: boolean) {
  return pino({
    name: "codeclass",
    level,
    redact: ["req.headers.cookie", "req.headers.authorization", "*.password"],
    ...(pretty ? { transport: { target: "pino-pretty", options: { ignore: "pid,hostname", translateTime: "HH:MM:ss" } } } : {}),
  });
}
export type Log = ReturnType<typeof createLogger>;
