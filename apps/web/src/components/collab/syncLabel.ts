import type { SyncState } from "./connection.ts";

/** What the sync state means for the reader: saved, saving, or offline with changes waiting. */
export function syncLabel(state: SyncState): { label: string; color: string; hint: string } {
  if (state.refused) return { label: "Not connected", color: "red", hint: state.refused };
  if (state.connection !== "connected") {
    const pending = state.unsynced;
    return {
      label: pending > 0 ? `Offline — ${pending} ${pending === 1 ? "change" : "changes"} pending` : "Offline",
      color: "orange",
      hint: "Keep working: your changes are kept in this tab and sent when the connection is back. Do not close the tab until it says Saved.",
    };
  }
  if (!state.synced) return { label: "Connecting…", color: "gray", hint: "Loading the latest version from the server." };
  if (state.unsynced > 0) return { label: "Saving…", color: "blue", hint: "Sending your latest changes to the server." };
  return { label: "Saved", color: "green", hint: "Every change is stored on the server." };
}
