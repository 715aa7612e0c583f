import { type ChildProcess, fork } from "node:child_process";
import { EventEmitter } from "node:events";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { hostPath, type RunOutput } from "./host.ts";

/**
 * A process started by the launcher, seen from the server: its stdio sockets (received from the
 * launcher), its exit status, and kill(). Emits "exit" (code, signal) when it has exited, and
 * "close" (code, signal) once it has exited and its output sockets have closed, as a
 * ChildProcess does.
 */
export class LaunchedProcess extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  /** The launcher died before reporting this process's exit: its status is unknown (not the program's doing). */
  lost = false;
  /** Indexed by the child's fd; null for fds not passed. */
  readonly stdio: (Readable & Writable)[] = [];
  private openOutputs = 0;
  private exited = false;

  constructor(
    readonly pid: number,
    private readonly sendKill: (signal: NodeJS.Signals) => void,
  ) {
    super();
  }

  get stdin(): Writable {
    return this.stdio[0]!;
  }

  get stdout(): Readable {
    return this.stdio[1]!;
  }

  get stderr(): Readable {
    return this.stdio[2]!;
  }

  kill(signal: NodeJS.Signals = "SIGTERM") {
    if (this.exitCode === null && this.signalCode === null) this.sendKill(signal);
  }

  /** Internal: the sockets, in fd order; every one but stdin counts as output. */
  attach(sockets: Map<number, Readable & Writable>) {
    for (const [fd, socket] of sockets) {
      this.stdio[fd] = socket;
      socket.on("error", () => {});
      // The sockets are two-way: whatever the program writes into its stdin is dropped.
      if (fd === 0) {
        socket.resume();
        continue;
      }
      // An output with nothing in it may have ended and closed already (between its arrival and
      // the "spawned" message).
      if (socket.closed) continue;
      this.openOutputs++;
      socket.once("close", () => {
        this.openOutputs--;
        this.maybeClose();
      });
    }
  }

  /** Internal: the launcher died (its processes die with it: bwrap --die-with-parent). */
  markLost() {
    this.lost = true;
    this.markExited(null, "SIGKILL");
  }

  /** Internal: the launcher reported the exit. */
  markExited(code: number | null, signal: NodeJS.Signals | null) {
    this.exitCode = code;
    this.signalCode = signal;
    this.exited = true;
    this.emit("exit", code, signal);
    // As a ChildProcess does: stdin is of no use any more, and output nobody reads is drained,
    // so that "close" comes once the pipes are empty. Drained, and "close" checked, a turn of the
    // event loop later: a caller that has just got this process (the "exit" may come in the same
    // read as "spawned", after outputs that have closed already) still gets to attach its readers
    // and its "close" listener first.
    this.stdio[0]?.destroy();
    setImmediate(() => {
      for (const socket of this.stdio.slice(1)) {
        if (socket && socket.listenerCount("data") === 0 && socket.listenerCount("readable") === 0) socket.resume();
      }
      this.maybeClose();
    });
  }

  private maybeClose() {
    if (this.exited && this.openOutputs === 0) {
      this.exited = false;
      this.emit("close", this.exitCode, this.signalCode);
    }
  }
}

interface Pending {
  pass: number[];
  sockets: Map<number, Readable & Writable>;
  resolve: (p: LaunchedProcess) => void;
  reject: (e: Error) => void;
}

export interface SpawnOptions {
  env: Record<string, string>;
  /** Number of fds, all pipes (0..fds-1). */
  fds: number;
  /** Written to these fds and closed by the launcher (e.g. bwrap's --args options). */
  inputs?: { fd: number; data: Buffer }[];
  /** The fds whose sockets the server gets (the others stay with the launcher). */
  pass: number[];
}

/**
 * Starts processes through a small helper process (launcher-process.mjs), so that the server's
 * own, much larger process never forks: see that file. One per provider, started on first use
 * and restarted if it dies; it exits with the server (or on close()).
 */
export function createLauncher() {
  const script = fileURLToPath(new URL("./launcher-process.mjs", import.meta.url));
  let helper: Helper | null = null;
  let nextId = 0;

  const start = (): Helper => {
    const child = fork(script, [], {
      // No loader and no NODE_OPTIONS of the server's: plain node, with PATH only.
      execArgv: [],
      env: { PATH: hostPath },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "json",
    });
    const h: Helper = { child, spawning: new Map(), running: new Map(), commands: new Map(), updateRef: () => {} };
    const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
    // The launcher keeps the server's event loop alive only while something waits on it.
    h.updateRef = () => {
      if (h.spawning.size + h.running.size + h.commands.size > 0) channel?.ref();
      else channel?.unref();
    };
    const kill = (id: number, signal: NodeJS.Signals) => {
      if (child.connected) child.send({ op: "kill", id, signal });
    };
    const onMessage = (m: { op: string; id: number; [k: string]: unknown }, handle: unknown) => {
      if (m.op === "handle") {
        if (handle) h.spawning.get(m.id)?.sockets.set(m.fd as number, handle as Readable & Writable);
      } else if (m.op === "spawned") {
        const p = h.spawning.get(m.id);
        if (!p) return;
        h.spawning.delete(m.id);
        if (p.pass.some((fd) => !p.sockets.has(fd))) {
          kill(m.id, "SIGKILL");
          for (const socket of p.sockets.values()) socket.destroy();
          p.reject(new Error("the sandbox launcher could not hand over the process's pipes"));
          return;
        }
        const proc = new LaunchedProcess(m.pid as number, (signal) => kill(m.id, signal));
        proc.attach(p.sockets);
        h.running.set(m.id, proc);
        p.resolve(proc);
      } else if (m.op === "exit") {
        const proc = h.running.get(m.id);
        h.running.delete(m.id);
        proc?.markExited(m.code as number | null, m.signal as NodeJS.Signals | null);
      } else if (m.op === "ran") {
        const c = h.commands.get(m.id);
        h.commands.delete(m.id);
        c?.resolve({
          code: m.code as number | null,
          signal: m.signal as string | null,
          stdout: String(m.stdout),
          stderr: String(m.stderr),
        });
      } else if (m.op === "failed") {
        const message = `cannot start a host process: ${String(m.message)}`;
        const p = h.spawning.get(m.id) ?? h.commands.get(m.id);
        h.spawning.delete(m.id);
        h.commands.delete(m.id);
        p?.reject(new Error(message));
      }
    };
    child.on("message", (m: { op: string; id: number; [k: string]: unknown }, handle: unknown) => {
      // Nothing the launcher says may throw in the server.
      try {
        onMessage(m, handle);
      } catch {}
      h.updateRef();
    });
    child.on("error", () => {});
    // "close", not "exit": the messages it sent before it died are read first.
    child.once("close", () => {
      if (helper === h) helper = null;
      // Whatever it had started died with it (bwrap --die-with-parent; it kills the rest on disconnect).
      const gone = new Error("the sandbox launcher process exited");
      for (const p of h.spawning.values()) {
        for (const socket of p.sockets.values()) socket.destroy();
        p.reject(gone);
      }
      for (const c of h.commands.values()) c.reject(gone);
      for (const proc of h.running.values()) proc.markLost();
      h.spawning.clear();
      h.commands.clear();
      h.running.clear();
    });
    child.unref();
    h.updateRef();
    return h;
  };

  const send = <T>(
    register: (h: Helper, id: number, settle: { resolve: (v: T) => void; reject: (e: Error) => void }) => void,
    message: object,
  ) => {
    if (!helper?.child.connected) helper = start();
    const h = helper;
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      register(h, id, { resolve, reject });
      h.updateRef();
      h.child.send({ ...message, id });
    });
  };

  return {
    /** Starts `file args` with `options.fds` pipes; resolves once the server holds the passed sockets. */
    spawn(file: string, args: string[], options: SpawnOptions): Promise<LaunchedProcess> {
      const inputs = (options.inputs ?? []).map((i) => ({ fd: i.fd, data: i.data.toString("base64") }));
      return send<LaunchedProcess>((h, id, settle) => h.spawning.set(id, { pass: options.pass, sockets: new Map(), ...settle }), {
        op: "spawn",
        file,
        args,
        env: options.env,
        fds: options.fds,
        inputs,
        pass: options.pass,
      });
    },

    /** Runs a host command to its end and collects its output (like runHost). */
    run(file: string, args: string[], timeoutMs = 10_000): Promise<RunOutput> {
      return send<RunOutput>((h, id, settle) => h.commands.set(id, settle), {
        op: "run",
        file,
        args,
        timeoutMs,
        env: { PATH: hostPath, LANG: "C.UTF-8" },
      });
    },

    /** Stops the launcher; what it started is killed. */
    close() {
      const h = helper;
      helper = null;
      if (h?.child.connected) h.child.disconnect();
    },
  };
}

interface Helper {
  child: ChildProcess;
  spawning: Map<number, Pending>;
  running: Map<number, LaunchedProcess>;
  commands: Map<number, { resolve: (r: RunOutput) => void; reject: (e: Error) => void }>;
  updateRef: () => void;
}

export type Launcher = ReturnType<typeof createLauncher>;
