import type { CollabConnection } from "./connection.ts";

/**
 * Resolves once the server has acknowledged every local change (so a run sees what is on the
 * screen); rejects with a sentence saying what to do when offline or after `timeoutMs`.
 */
export function whenSaved(conn: CollabConnection, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = conn.getState();
      if (s.connection !== "connected") {
        done();
        reject(
          new Error("You are offline, and the server runs the saved version of your files. Wait until it says Saved, then run again."),
        );
      } else if (s.synced && s.unsynced === 0) {
        done();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error("Your latest changes are still being saved. Wait until it says Saved, then run again."));
    }, timeoutMs);
    const unsubscribe = conn.subscribe(check);
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}
