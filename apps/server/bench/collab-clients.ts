/**
 * One child of `pnpm bench:collab`: the students of some courses, each on its own WebSocket, and
 * each course's review panel on one socket signed in on its upgrade (as a browser's cookie is).
 * Spread over processes so the bench's own clients are not what limits a class of 1,000.
 * Steps, on the parent's messages: "connect" (students sync and create their file; answers
 * "ready"), "panel" (every panel opens its course; answers with the panels' sync times), "type"
 * (types for the window, waits for the panel to see it; answers with the latencies).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { WebSocket } from "ws";
import * as Y from "yjs";

export interface ClientsJob {
  wsUrl: string;
  classes: { students: { documentName: string; token: string | null }[]; panelToken: string | null }[];
  rate: number;
  seconds: number;
  /** Seconds typed before the measured window (their latencies are reported apart). */
  warmup: number;
}
export type ParentMessage = { step: "connect"; job: ClientsJob } | { step: "panel" } | { step: "type" };
export type ChildMessage =
  | { step: "ready" }
  | { step: "panel"; syncMs: number[] }
  | {
      step: "typed";
      keystrokes: number;
      latencies: number[];
      warmupLatencies: number[];
      slowAt: number[];
      rejections: number;
      /** This process's event-loop delay over the window, ms: a stall of the bench's own clients shows here. */
      loopP99Ms: number;
      loopMaxMs: number;
    };

const FILE = "main.py";
let rejections = 0;
process.on("unhandledRejection", () => void rejections++);

function withTimeout<T>(p: Promise<T>, ms: number, what: string) {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

function connect(socket: HocuspocusProviderWebsocket, name: string, token: string | null) {
  const document = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document, token });
  provider.attach();
  const synced = new Promise<void>((resolve, reject) => {
    provider.on("synced", () => resolve());
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`${name}: refused: ${reason}`)));
  });
  return { document, provider, synced };
}

/** The socket of a client signed in on its upgrade (a browser sends its session cookie; a script, this header). */
function signedInSocket(url: string, token: string | null) {
  if (!token) return new HocuspocusProviderWebsocket({ url });
  class BearerSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { authorization: `Bearer ${token}` } });
      this.on("error", () => {});
    }
  }
  return new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: BearerSocket });
}

const send = (m: ChildMessage) => process.send!(m);
let job: ClientsJob;
let students: ReturnType<typeof connect>[] = [];
let studentSockets: HocuspocusProviderWebsocket[] = [];
let panels: ReturnType<typeof connect>[] = [];
let panelSockets: HocuspocusProviderWebsocket[] = [];

process.on("message", async (m: ParentMessage) => {
  if (m.step === "connect") {
    job = m.job;
    const all = job.classes.flatMap((c) => c.students);
    studentSockets = all.map(() => new HocuspocusProviderWebsocket({ url: job.wsUrl }));
    students = all.map((s, i) => connect(studentSockets[i]!, s.documentName, s.token));
    await withTimeout(Promise.all(students.map((s) => s.synced)), 60_000 + all.length * 60, "students sync");
    for (const s of students) {
      const files = s.document.getMap<Y.Text>("files");
      if (!files.get(FILE)) s.document.transact(() => files.set(FILE, new Y.Text()));
    }
    send({ step: "ready" });
  } else if (m.step === "panel") {
    // Every course's instructor opens the panel at the same moment.
    panelSockets = job.classes.map((c) => signedInSocket(job.wsUrl, c.panelToken));
    const start = performance.now();
    const syncMs: number[] = [];
    const opened = job.classes.map((c, k) => {
      const docs = c.students.map((s) => connect(panelSockets[k]!, s.documentName, c.panelToken));
      return Promise.all(docs.map((p) => p.synced)).then(() => {
        syncMs.push(performance.now() - start);
        return docs;
      });
    });
    panels = (await withTimeout(Promise.all(opened), 60_000, "panel sync")).flat();
    await new Promise((r) => setTimeout(r, 500)); // the file creations reach the panel
    send({ step: "panel", syncMs });
  } else if (m.step === "type") {
    // Each student types at the end of one file; the panel maps a length to the keystroke that made it.
    // Keystrokes typed during the warm-up are kept apart from the window's.
    const latencies: number[] = [];
    const warmupLatencies: number[] = [];
    /** When (ms into the window) each keystroke of the window that took over 100 ms was typed. */
    const slowAt: number[] = [];
    const windowStarts = performance.now() + job.warmup * 1000;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    setTimeout(() => loop.enable(), job.warmup * 1000);
    const sent: number[][] = students.map(() => []);
    let keystrokes = 0;
    let warmupKeystrokes = 0;
    panels.forEach((p, i) => {
      let seen = -1;
      p.document.getMap<Y.Text>("files").observeDeep(() => {
        const length = p.document.getMap<Y.Text>("files").get(FILE)?.length ?? 0;
        const now = performance.now();
        if (seen < 0) seen = 0;
        for (; seen < length; seen++) {
          const at = sent[i]![seen];
          if (at === undefined) continue;
          if (at < windowStarts) {
            warmupLatencies.push(now - at);
            continue;
          }
          latencies.push(now - at);
          if (now - at > 100) slowAt.push(at - windowStarts);
        }
      });
    });
    const timers = students.map((s, i) => {
      const type = () => {
        const t = s.document.getMap<Y.Text>("files").get(FILE)!;
        const now = performance.now();
        sent[i]![t.length] = now;
        if (now < windowStarts) warmupKeystrokes++;
        else keystrokes++;
        t.insert(t.length, String.fromCharCode(97 + ((keystrokes + warmupKeystrokes) % 26)));
      };
      // Spread the class over the first interval so keystrokes do not arrive in lockstep.
      return setTimeout(
        () => {
          type();
          timers[i] = setInterval(type, 1000 / job.rate);
        },
        Math.random() * (1000 / job.rate),
      );
    });
    await new Promise((r) => setTimeout(r, (job.warmup + job.seconds) * 1000));
    for (const t of timers) clearInterval(t);
    loop.disable();
    const deadline = Date.now() + 10_000;
    while (latencies.length < keystrokes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    send({
      step: "typed",
      keystrokes,
      latencies,
      warmupLatencies,
      slowAt,
      rejections,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    });
    for (const p of [...students, ...panels]) p.provider.destroy();
    for (const s of [...studentSockets, ...panelSockets]) s.destroy();
    // Alive a while longer: the parent reads this process's CPU time as the window ends.
    setTimeout(() => process.exit(0), 3000);
  }
});
