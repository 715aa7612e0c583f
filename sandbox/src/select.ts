import type { BoxProvider } from "./box.ts";
import { type Build, type BuildRequest, openBuild } from "./build.ts";
import { bwrapProvider } from "./bwrap/provider.ts";
import { dockerProvider } from "./docker/provider.ts";
import { SandboxEnvError, sandboxEnv } from "./env.ts";
import { settle, startRun } from "./run.ts";
import type { RunEvent, RunHandle, RunRequest } from "./types.ts";

export type DriverName = "docker" | "bwrap";

/** A ready sandbox: start runs, or learn why code execution is unavailable here. */
export interface Sandbox {
  driver: DriverName;
  start(request: RunRequest, onEvent?: (e: RunEvent) => void): Promise<RunHandle>;
  /** Compiles once, then runs many times against the one build (grading: see build.ts). */
  openBuild(request: BuildRequest): Promise<Build>;
  close(): Promise<void>;
}

export type SandboxChoice = { ok: true; sandbox: Sandbox } | { ok: false; reason: string };

function wrap(provider: BoxProvider): Sandbox {
  return {
    driver: provider.name,
    start: (req, onEvent) => startRun(provider, req, onEvent),
    openBuild: (req) => openBuild(provider, req),
    close: async () => {
      await settle(provider);
      await provider.close();
    },
  };
}

/** How the chosen driver is set up. */
export interface SandboxOptions {
  /**
   * Boxes (bwrap) or containers (docker) kept started for the default limits, so a burst of runs
   * (a class pressing Run at once) does not wait for their setup (default: the driver's, 2).
   * The worker sizes it to the runs it takes at once.
   */
  poolSize?: number;
}

/**
 * SANDBOX_DRIVER=docker|bwrap picks one; unset: Docker when its socket answers (and the image
 * exists), else bubblewrap when installed, else a sentence saying what to install, so the
 * rest of the platform keeps working without code execution.
 */
export async function selectSandbox(requested?: string, options: SandboxOptions = {}): Promise<SandboxChoice> {
  if (requested === undefined) {
    try {
      requested = sandboxEnv().SANDBOX_DRIVER;
    } catch (e) {
      return { ok: false, reason: (e as Error).message };
    }
  }
  const { poolSize } = options;
  const make: Record<DriverName, () => BoxProvider> = {
    docker: () => dockerProvider({ poolSize }),
    bwrap: () => bwrapProvider({ poolSize }),
  };
  if (requested) {
    if (requested !== "docker" && requested !== "bwrap")
      return { ok: false, reason: `SANDBOX_DRIVER must be docker or bwrap, not "${requested}"` };
    const found = await usable(make[requested]);
    return typeof found === "string" ? { ok: false, reason: found } : { ok: true, sandbox: wrap(found) };
  }
  const reasons: string[] = [];
  for (const name of ["docker", "bwrap"] as const) {
    const found = await usable(make[name]);
    if (typeof found !== "string") return { ok: true, sandbox: wrap(found) };
    reasons.push(`${name}: ${found}`);
  }
  return { ok: false, reason: `Code execution is unavailable: ${reasons.join("; ")}` };
}

/** The driver's provider when it can run here, else why not (a bad setting such as DOCKER_HOST included). */
async function usable(make: () => BoxProvider): Promise<BoxProvider | string> {
  let provider: BoxProvider;
  try {
    provider = make();
  } catch (e) {
    if (e instanceof SandboxEnvError) return e.message;
    throw e;
  }
  const reason = await provider.unavailableReason();
  if (!reason) return provider;
  await provider.close();
  return reason;
}
