import { filesOf, getMeta, type WorkspaceFile } from "@codeclass/workspace-doc";
import * as Y from "yjs";

/** How many steps apart the cached checkpoints are: at most this many updates are applied per move. */
const checkpointEvery = 50;

/** The state of the workspace after step `index`: its files, and whether some text could not be placed. */
export interface ReplayState {
  files: WorkspaceFile[];
  /** The workspace's settings at that step (`meta`). */
  language: string | null;
  entry: string | null;
  /** Updates depend on content the log does not hold (e.g. the course template the workspace started from). */
  incomplete: boolean;
}

/**
 * Rebuilds a workspace's document at any step of its edit log by applying the updates, in order,
 * to a fresh Y.Doc. Every `checkpointEvery` steps the encoded state is cached, so moving the
 * slider anywhere applies a checkpoint and at most that many updates.
 */
export class Replayer {
  private updates: Uint8Array[] = [];
  private checkpoints = new Map<number, Uint8Array>();

  get length(): number {
    return this.updates.length;
  }

  /** Appends the next page of the log (oldest first). */
  append(updates: readonly Uint8Array[]): void {
    this.updates.push(...updates);
  }

  /** The files after applying updates 0..index (index -1: before the first). */
  stateAt(index: number): ReplayState {
    const last = Math.min(index, this.updates.length - 1);
    const doc = new Y.Doc({ gc: false });
    let from = 0;
    const base = Math.floor((last + 1) / checkpointEvery) * checkpointEvery - 1;
    for (let cp = base; cp >= 0; cp -= checkpointEvery) {
      const state = this.checkpoints.get(cp);
      if (state) {
        Y.applyUpdate(doc, state);
        from = cp + 1;
        break;
      }
    }
    for (let i = from; i <= last; i++) {
      Y.applyUpdate(doc, this.updates[i]!);
      if ((i + 1) % checkpointEvery === 0 && !this.checkpoints.has(i)) this.checkpoints.set(i, Y.encodeStateAsUpdate(doc));
    }
    const incomplete = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    const files = filesOf(doc);
    const { language, entry } = getMeta(doc);
    doc.destroy();
    return { files, language, entry, incomplete };
  }
}

/** base64 → bytes. */
export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
