import { z } from "zod";

const schema = z.object({
  SANDBOX_DRIVER: z.enum(["docker", "bwrap"], { error: "SANDBOX_DRIVER must be docker or bwrap (or unset to detect)" }).optional(),
});

export type WorkerEnv = z.infer<typeof schema>;

let parsed: WorkerEnv | null = null;

/**
 * The worker package's settings from the environment, checked on first use (a host that passes
 * its own, like the server, never reads them). A bad value throws with what to set.
 */
export function workerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  if (parsed && source === process.env) return parsed;
  const result = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!result.success)
    throw new Error(`Invalid configuration:\n${result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  if (source === process.env) parsed = result.data;
  return result.data;
}
