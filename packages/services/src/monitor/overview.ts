import type { DbOrTx } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import type { AlertState, Thresholds } from "./alert-rules.ts";
import type { HistoryKey, MonitorFigures } from "./figures.ts";
import { recentRuns } from "./recent-runs.ts";

/** What the server's monitor keeps between samples: the latest figures, the alerts' state and a short history. */
export interface MonitorSnapshot {
  figures: MonitorFigures;
  alerts: AlertState[];
  thresholds: Thresholds;
  /** Oldest first; one point per evaluation. */
  history: { at: string; values: Record<HistoryKey, number | null> }[];
  /** How often the alerts are evaluated, ms. */
  intervalMs: number;
  /** Whether this server sends alerts at all (ALERTS). */
  sending: boolean;
  /** Where alerts go besides the admins' mail. */
  webhookConfigured: boolean;
}

/** The server process that samples the figures (apps/server); absent where there is none (a bare API caller). */
export interface MonitorSource {
  snapshot(): Promise<MonitorSnapshot>;
}

/** The monitoring page's data (admins only): the live snapshot when a monitor runs here, and the latest runs. */
export async function overview(db: DbOrTx, actor: Actor, source?: MonitorSource) {
  requireAdmin(actor);
  const [live, runs] = await Promise.all([source ? source.snapshot() : null, recentRuns(db)]);
  return { live, recentRuns: runs };
}
