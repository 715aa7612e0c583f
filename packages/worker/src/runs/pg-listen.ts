import type { run } from "@codeclass/services";
import type pg from "pg";
import type { Logger } from "pino";

/**
 * `Listen` over the worker's pg pool: one connection held for LISTEN, reconnected if it drops.
 * Resolves after the first attempt either way (a failed one retries in the background).
 */
export function pgListen(pool: pg.Pool, log: Logger): run.Listen {
  return async (channel, onPayload) => {
    let client: pg.PoolClient | null = null;
    let closed = false;
    const connect = async (): Promise<void> => {
      if (closed) return;
      try {
        client = await pool.connect();
        client.on("notification", (n) => n.payload && onPayload(n.payload));
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
    await connect();
    return {
      async unlisten() {
        closed = true;
        if (client) {
          await client.query(`UNLISTEN ${channel}`).catch(() => {});
          client.release();
          client = null;
        }
      },
    };
  };
}
