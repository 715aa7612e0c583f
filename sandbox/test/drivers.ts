import { bwrapProvider } from "../src/bwrap/provider.ts";
import { dockerProvider } from "../src/docker/provider.ts";
import type { BoxProvider, RunEvent, RunRequest, RunResult } from "../src/index.ts";
import { startRun } from "../src/index.ts";

/** Both drivers; a test suite runs against each, and fails (never skips) when one is missing here. */
export const drivers: [name: "docker" | "bwrap", make: () => BoxProvider][] = [
  ["docker", () => dockerProvider()],
  ["bwrap", () => bwrapProvider()],
];

export async function ready(make: () => BoxProvider): Promise<BoxProvider> {
  const provider = make();
  const reason = await provider.unavailableReason();
  if (reason) throw new Error(`sandbox driver ${provider.name} is unavailable: ${reason}`);
  return provider;
}

/** Runs to the end and returns the result plus every streamed event. */
export async function runToEnd(provider: BoxProvider, request: RunRequest): Promise<RunResult & { events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const handle = await startRun(provider, request, (e) => events.push(e));
  return { ...(await handle.done), events };
}
