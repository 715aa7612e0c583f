import type { Database } from "@codeclass/db";
import { monitor } from "@codeclass/services";
import type { Log } from "../logger.ts";

/** An alert that started or stopped firing. */
export interface AlertChange {
  alert: monitor.AlertState;
  change: "firing" | "cleared";
}

export interface NotifyOptions {
  db: Database;
  log: Log;
  publicUrl: string;
  /** A Slack-compatible incoming webhook (ALERT_WEBHOOK_URL). */
  webhookUrl?: string;
  mailAdmins: boolean;
}

/** One line per change, as chat shows it: "FIRING: Queue depth is 73 jobs (alert when above 50 jobs)". */
export function alertText(c: AlertChange) {
  return `${c.change === "firing" ? "FIRING" : "CLEARED"}: ${monitor.describeAlert(c.alert)}`;
}

/**
 * Sends the changes of one evaluation: one webhook post ({"text": ...}, what Slack, Mattermost
 * and Rocket.Chat take) and one mail to every administrator through the mail job. A failure is
 * logged and does not stop the other channel; the next change is sent as usual.
 */
export async function notifyAlerts(options: NotifyOptions, changes: AlertChange[]) {
  if (changes.length === 0) return;
  const lines = changes.map(alertText);
  const link = `${options.publicUrl}/admin/monitoring`;
  for (const c of changes)
    options.log.warn({ alert: c.alert.id, change: c.change, value: c.alert.value, threshold: c.alert.threshold }, alertText(c));
  const text = `Codeclass at ${options.publicUrl}\n${lines.join("\n")}\n${link}`;
  await Promise.all([
    options.webhookUrl
      ? fetch(options.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(10_000),
        }).then(
          (res) => {
            if (!res.ok) options.log.warn({ status: res.status }, "the alert webhook refused the post");
          },
          (err) => options.log.warn({ err }, "could not post to the alert webhook"),
        )
      : null,
    options.mailAdmins
      ? monitor
          .mailAdmins(options.db, {
            subject: `[Codeclass] ${changes.length === 1 ? lines[0] : changes.map((c) => `${c.change === "firing" ? "FIRING" : "CLEARED"}: ${c.alert.title}`).join("; ")}`,
            text: `${text}\n`,
          })
          .catch((err) => options.log.warn({ err }, "could not queue the alert mail (the database may be down)"))
      : null,
  ]);
}
