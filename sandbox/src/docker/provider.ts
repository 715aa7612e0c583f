import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import Docker from "dockerode";
import type { Box, BoxProvider } from "../box.ts";
import { sandboxEnv } from "../env.ts";
import { defaultLimits, type Limits } from "../limits.ts";
import { refillAfterTake } from "../pool.ts";
import { type DockerAddress, dockerAddress } from "./address.ts";
import { DockerBox, defaultEnv, type StartedContainer } from "./box.ts";
import { findContainerCgroup } from "./cgroup.ts";
import { launcherScript } from "./launcher.ts";
import { dockerSeccompProfile } from "./seccomp.ts";

export interface DockerProviderOptions {
  /** Default codeclass-sandbox:latest. */
  image?: string;
  /** A local socket (tests). Default: `address`. */
  socketPath?: string;
  /** The engine; default: DOCKER_HOST and its TLS settings (see docker/address.ts), else /var/run/docker.sock. */
  address?: DockerAddress;
  /** Pre-started containers kept for the default limits (default 2; 0 disables the pool). */
  poolSize?: number;
}

export const defaultImage = "codeclass-sandbox:latest";

/** Every sandbox container carries `codeclass.sandbox=1`; the others say which process made it (for the sweep). */
export const containerLabels = {
  sandbox: "codeclass.sandbox",
  pid: "codeclass.sandbox.pid",
  host: "codeclass.sandbox.host",
  started: "codeclass.sandbox.started",
} as const;
const { sandbox: sandboxLabel, pid: pidLabel, host: hostLabel, started: startLabel } = containerLabels;

/** Processes the box itself runs (docker-init and the launcher), added on top of `limits.processes`. */
const ownProcesses = 2;

type Shape = Pick<Limits, "memoryKb" | "processes" | "fileSizeKb">;
interface Pooled extends StartedContainer {
  shape: Shape;
}

export function dockerProvider(options: DockerProviderOptions = {}): BoxProvider {
  return new DockerProvider(options);
}

/**
 * Boxes as Docker containers: one fresh container per box (never reused), no network, no
 * capabilities, read-only image with tmpfs /box and /tmp, cgroup limits for memory, processes
 * and CPU. A small pool of started containers for the default limits hides create+start, and
 * each container's main process is a launcher attached at start, which runs the box's first
 * command (with its files) without a `docker exec`; later commands (a run after a compile) exec.
 */
class DockerProvider implements BoxProvider {
  readonly name = "docker" as const;
  private readonly docker: Docker;
  private readonly image: string;
  private readonly address: DockerAddress;
  private readonly poolSize: number;
  /** The pool's shape; a request with another work-dir size gets a fresh container. */
  private readonly poolShape: Shape = {
    memoryKb: defaultLimits.memoryKb,
    processes: defaultLimits.processes,
    fileSizeKb: defaultLimits.fileSizeKb,
  };
  private readonly pool: Pooled[] = [];
  private readonly filling = new Set<Promise<void>>();
  private readonly owner: Record<string, string>;
  private kicked = false;
  private closed = false;
  /** Whether the daemon has docker-init; turned off after a start fails for lack of it. */
  private useInit = true;

  constructor(options: DockerProviderOptions) {
    this.image = options.image ?? defaultImage;
    this.address = options.socketPath
      ? { options: { socketPath: options.socketPath }, label: options.socketPath }
      : (options.address ?? dockerAddress(sandboxEnv()));
    this.poolSize = Math.max(0, Math.floor(options.poolSize ?? 2));
    // No client-wide timeout: it would also cut idle exec streams of programs waiting for input.
    this.docker = new Docker(this.address.options);
    const started = processStartTime(process.pid);
    this.owner = {
      [sandboxLabel]: "1",
      [pidLabel]: String(process.pid),
      [hostLabel]: hostname(),
      ...(started ? { [startLabel]: started } : {}),
    };
  }

  async unavailableReason(): Promise<string | null> {
    try {
      await withTimeout(this.docker.ping(), 5000);
    } catch (e) {
      // Over TCP the cause (refused, a certificate rejected, a timeout) is what the operator needs.
      const cause = this.address.options.socketPath ? "" : ` (${connectionProblem(messageOf(e))})`;
      return `Docker is not reachable at ${this.address.label}${cause}: start dockerd, or set SANDBOX_DRIVER=bwrap`;
    }
    try {
      await withTimeout(this.docker.getImage(this.image).inspect(), 10_000);
    } catch (e) {
      if (statusOf(e) === 404) return `the sandbox image ${this.image} is missing: run pnpm sandbox:image`;
      return `Docker at ${this.address.label} could not inspect the sandbox image ${this.image} (${messageOf(e)}): check dockerd`;
    }
    this.kickoff();
    return null;
  }

  async open(limits: Limits): Promise<Box> {
    if (this.closed) throw new Error("the Docker sandbox provider is closed");
    this.kickoff();
    const shape: Shape = { memoryKb: limits.memoryKb, processes: limits.processes, fileSizeKb: limits.fileSizeKb };
    const index = this.pool.findIndex((p) => p.shape.fileSizeKb === shape.fileSizeKb);
    if (index >= 0) {
      const pooled = this.pool.splice(index, 1)[0]!;
      this.refillSoon();
      try {
        // A daemon restart or a manual `docker rm` may have ended it while it waited.
        if (!pooled.keepPids.every(processAlive)) throw new Error("the pooled container is gone");
        // Memory and process limits can change on a running container; the tmpfs size cannot.
        if (pooled.shape.memoryKb !== shape.memoryKb || pooled.shape.processes !== shape.processes) {
          await pooled.container.update(resources(shape));
        }
        return this.box(pooled);
      } catch {
        pooled.launcher.destroy();
        void this.remove(pooled.container);
      }
    }
    return this.box(await this.startContainer(shape));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.filling]);
    const pooled = this.pool.splice(0);
    for (const p of pooled) p.launcher.destroy();
    await Promise.allSettled(pooled.map((p) => this.remove(p.container)));
  }

  private box(started: StartedContainer): Box {
    return new DockerBox(this.docker, started);
  }

  /** First use: sweep what a crashed process left, then fill the pool. */
  private kickoff() {
    if (this.kicked || this.closed) return;
    this.kicked = true;
    void this.sweep().catch(() => {});
    this.refill();
  }

  /** After a box is taken from the pool: the next is made a moment later unless the pool runs low (see pool.ts). */
  private readonly refillSoon = refillAfterTake(
    () => this.refill(),
    () => ({ ready: this.pool.length + this.filling.size, size: this.poolSize }),
  );

  private refill() {
    while (!this.closed && this.pool.length + this.filling.size < this.poolSize) {
      const job: Promise<void> = this.startContainer(this.poolShape)
        .then(
          async (started) => {
            if (this.closed) {
              started.launcher.destroy();
              await this.remove(started.container);
            } else this.pool.push({ ...started, shape: { ...this.poolShape } });
          },
          () => {
            // Docker is down or the image is missing: open() will report it; refill on the next open().
          },
        )
        .finally(() => this.filling.delete(job));
      this.filling.add(job);
    }
  }

  /** Creates and starts a container for `shape` and finds its cgroup and own processes. */
  private async startContainer(shape: Shape): Promise<StartedContainer> {
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(this.spec(shape));
    } catch (e) {
      if (statusOf(e) === 404) throw new Error(`the sandbox image ${this.image} is missing: run pnpm sandbox:image`);
      throw e;
    }
    let launcher: Duplex | null = null;
    try {
      // Attached before it starts, so nothing the launcher says is missed.
      launcher = await attach(container);
      try {
        await container.start();
      } catch (e) {
        if (!this.useInit || !/docker-init|init binary|initpath/i.test(messageOf(e))) throw e;
        // No docker-init on this daemon: PID 1 is then the launcher itself (orphans are not reaped).
        this.useInit = false;
        launcher.destroy();
        void this.remove(container);
        container = await this.docker.createContainer(this.spec(shape));
        launcher = await attach(container);
        await container.start();
      }
      const info = await container.inspect();
      const initPid = info.State?.Pid ?? 0;
      const cgroup = await findContainerCgroup(info.Id, initPid);
      let keepPids: number[] = [];
      if (cgroup) {
        // The container's own processes: docker-init and the launcher it forks (just the launcher without init).
        // Exactly those: the launcher's first step (chown of its stdio) is a short-lived child that
        // must not be taken for one of them, or the pooled container would later look dead.
        const want = info.HostConfig?.Init ? 2 : 1;
        const until = Date.now() + 2000;
        keepPids = await cgroup.pids();
        while (keepPids.length !== want && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 2));
          keepPids = await cgroup.pids();
        }
        if (!keepPids.includes(initPid)) keepPids = []; // another pid namespace: killAll stops the container instead
      }
      return { container, id: info.Id, keepPids, cgroup, launcher };
    } catch (e) {
      launcher?.destroy();
      void this.remove(container);
      throw e;
    }
  }

  private spec(shape: Shape): Docker.ContainerCreateOptions {
    return {
      Image: this.image,
      Cmd: ["sh", "-c", launcherScript],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      // The launcher and docker-init run as root with only the capabilities to become the sandbox
      // user and hand it their stdio (see launcherScript): the program cannot touch them.
      User: "0:0",
      WorkingDir: "/box",
      Hostname: "sandbox",
      Env: Object.entries(defaultEnv).map(([k, v]) => `${k}=${v}`),
      Labels: { ...this.owner },
      NetworkDisabled: true,
      StopSignal: "SIGKILL",
      HostConfig: {
        Init: this.useInit,
        NetworkMode: "none",
        CapDrop: ["ALL"],
        CapAdd: ["SETUID", "SETGID", "CHOWN", "SETPCAP"],
        SecurityOpt: ["no-new-privileges", `seccomp=${dockerSeccompProfile()}`],
        ReadonlyRootfs: true,
        Tmpfs: {
          // 0711: the launcher (root without CAP_DAC_OVERRIDE) may enter it to start the program there.
          "/box": `rw,exec,nosuid,nodev,size=${shape.fileSizeKb}k,uid=65534,gid=65534,mode=0711`,
          "/tmp": "rw,noexec,nosuid,nodev,size=16m,mode=1777",
        },
        // Docker's /dev/shm is already a private tmpfs (noexec, nosuid, nodev); only its size changes.
        IpcMode: "private",
        ShmSize: 16 * 1024 * 1024,
        ...resources(shape),
        NanoCpus: 1e9,
        Ulimits: [
          { Name: "nofile", Soft: 256, Hard: 256 },
          { Name: "core", Soft: 0, Hard: 0 },
        ],
        // The host's OOM killer picks sandboxes before anything else.
        OomScoreAdj: 1000,
        LogConfig: { Type: "none", Config: {} },
        AutoRemove: false,
        RestartPolicy: { Name: "no" },
      },
    };
  }

  private async remove(container: Docker.Container) {
    await container.remove({ force: true, v: true }).catch(() => {});
  }

  /** Removes labelled containers whose creating process is gone (crashed before close()/destroy()). */
  private async sweep() {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${sandboxLabel}=1`] } });
    const mine = hostname();
    await Promise.allSettled(
      list
        .filter((c) => {
          const labels = c.Labels ?? {};
          if (labels[hostLabel] !== mine) return false; // another machine's pids mean nothing here
          return !ownerAlive(Number(labels[pidLabel]), labels[startLabel]);
        })
        .map((c) => this.remove(this.docker.getContainer(c.Id))),
    );
  }
}

/** The launcher's stdin, stdout and stderr, multiplexed on one hijacked connection. */
async function attach(container: Docker.Container): Promise<Duplex> {
  return (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
}

function resources(shape: Shape) {
  return { Memory: shape.memoryKb * 1024, MemorySwap: shape.memoryKb * 1024, PidsLimit: shape.processes + ownProcesses };
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null off Linux. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerAlive(pid: number, started: string | undefined): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return false;
  // Alive, unless the pid now belongs to a newer process.
  const now = processStartTime(pid);
  return !(started && now && now !== started);
}

/** Why a TCP engine did not answer, in words an operator can act on (TLS errors come as OpenSSL's lines). */
export function connectionProblem(message: string): string {
  if (/alert bad certificate|alert certificate unknown|alert unknown ca|alert certificate required/i.test(message))
    return "the engine refused the client certificate in DOCKER_CERT_PATH";
  if (/self[- ]signed|unable to (get|verify)|certificate (has expired|is not yet valid)|altnames|ERR_TLS_CERT/i.test(message))
    return `the engine's certificate was not accepted: ${message.replace(/\s+/g, " ").trim()}`;
  if (/HTTP request to an HTTPS server/i.test(message)) return "the engine expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH";
  return message.replace(/\s+/g, " ").trim();
}

const statusOf = (e: unknown) => (e as { statusCode?: number })?.statusCode;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
