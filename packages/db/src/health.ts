import postgres from "postgres";

export interface DatabaseProbe {
  /** Resolves once the database answers `select 1`; rejects if it fails or takes over `timeoutMs`. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database check behind /healthz, on a connection of its own: the API's pool can be taken
 * whole by a class pressing Run at once, and a probe queued behind it would call a busy but
 * healthy server down (a load balancer or Kubernetes then takes it out or restarts it, which makes
 * the storm worse). Probes that arrive while one is asked share its answer, so a flood of them
 * costs one query at a time.
 */
export function createDatabaseProbe(url: string, options: { timeoutMs?: number } = {}): DatabaseProbe {
  const timeoutMs = options.timeoutMs ?? 2000;
  const connect = () =>
    postgres(url, {
      max: 1,
      idle_timeout: 60,
      connect_timeout: Math.ceil(timeoutMs / 1000),
      onnotice: () => {},
      connection: { application_name: "codeclass-health" },
    });
  let sql = connect();
  let asking: Promise<void> | null = null;
  const ask = async () => {
    let timer: NodeJS.Timeout | undefined;
    const client = sql;
    try {
      await Promise.race([
        client`select 1`.execute(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      // A connection that stopped answering (a half-open socket after a failover) would hold every
      // later probe behind its query: the next probe asks on a new one.
      if (sql === client) {
        sql = connect();
        void client.end({ timeout: 0 }).catch(() => {});
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    check: () => {
      asking ??= ask().finally(() => {
        asking = null;
      });
      return asking;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
