import { EventEmitter } from "node:events";
import type pg from "pg";
import type { Logger } from "pino";

/**
 * One LISTEN connection per process for a channel whose payload is a run id; callers
 * subscribe per run. Reconnects if the connection drops.
 */
export function createNotifyHub(pool: pg.Pool, channel: string, log: Logger) {
  const emitter = new EventEmitter().setMaxListeners(0);
  let client: pg.PoolClient | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    if (closed) return;
    try {
      client = await pool.connect();
      client.on("notification", (n) => n.payload && emitter.emit(n.payload));
      client.on("error", (err) => {
        log.warn({ err, channel }, "listen connection failed; reconnecting");
        client?.release(true);
        client = null;
        setTimeout(() => void connect(), 500).unref();
      });
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      log.warn({ err, channel }, "could not listen; retrying");
      setTimeout(() => void connect(), 1000).unref();
    }
  };
  const ready = connect();
  return {
    ready,
    on(runId: string, fn: () => void) {
      emitter.on(runId, fn);
      return () => emitter.off(runId, fn);
    },
    async close() {
      closed = true;
      if (client) {
        await client.query(`UNLISTEN ${channel}`).catch(() => {});
        client.release();
        client = null;
      }
    },
  };
}
export type NotifyHub = ReturnType<typeof createNotifyHub>;
