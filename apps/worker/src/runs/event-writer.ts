import type pg from "pg";

/**
 * Appends a run's events with consecutive sequence numbers, batched every few milliseconds
 * (one INSERT and one NOTIFY per batch), so a chatty program costs few round trips.
 */
export function createEventWriter(pool: pg.Pool, runId: string, channel: string, firstSeq: number, batchMs = 10) {
  let seq = firstSeq - 1;
  let pending: { seq: number; type: string; data: Record<string, unknown> }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return chain;
    chain = chain.then(async () => {
      await pool.query(
        "insert into run_events (run_id, seq, type, data) select $1, s, t, d from unnest($2::int[], $3::text[], $4::jsonb[]) as x(s, t, d)",
        [runId, batch.map((e) => e.seq), batch.map((e) => e.type), batch.map((e) => JSON.stringify(e.data))],
      );
      await pool.query("select pg_notify($1, $2)", [channel, runId]);
    });
    return chain;
  };

  return {
    push(data: { type: string } & Record<string, unknown>) {
      // Consecutive output of one stream merges into one event.
      const last = pending.at(-1);
      if (last && last.type === data.type && (data.type === "stdout" || data.type === "stderr" || data.type === "compile")) {
        last.data = { ...last.data, data: String(last.data.data) + String(data.data) };
      } else {
        pending.push({ seq: ++seq, type: data.type, data });
      }
      timer ??= setTimeout(() => void flush().catch(() => {}), batchMs);
    },
    flush,
  };
}
