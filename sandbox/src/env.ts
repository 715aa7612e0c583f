import { z } from "zod";

/**
 * The one place the sandbox reads the process environment (as create-t3-turbo's per-package
 * env.ts): each variable named, validated with zod, with a sentence saying what to set.
 * Read when asked (not at import), so a tool or test that sets a variable first is seen.
 */
const schema = z.object({
  /** `docker` or `bwrap`; unset: detect (see select.ts). */
  SANDBOX_DRIVER: z.enum(["docker", "bwrap"], { error: "SANDBOX_DRIVER must be docker or bwrap (or unset to detect)" }).optional(),
  /** The bubblewrap driver's root file system (default: the image built by `pnpm sandbox:image`). */
  SANDBOX_ROOTFS: z.string().min(1, { error: "SANDBOX_ROOTFS must be a directory path (or unset for the default)" }).optional(),
  /** The Docker engine that runs the sandboxes: `unix:///path` or `tcp://host:port` (see docker/address.ts); unset: the local socket. */
  DOCKER_HOST: z.string().optional(),
  /** `1` (or `true`): talk to a tcp:// DOCKER_HOST over TLS with the client certificate in DOCKER_CERT_PATH. */
  DOCKER_TLS_VERIFY: z.enum(["1", "true", "0", "false"], { error: "DOCKER_TLS_VERIFY must be 1 or 0 (or unset)" }).optional(),
  /** The directory with ca.pem, cert.pem and key.pem for DOCKER_TLS_VERIFY (default ~/.docker). */
  DOCKER_CERT_PATH: z.string().min(1).optional(),
  /** Where host tools (bwrap, setpriv, mount) are looked for, before the usual system directories. */
  PATH: z.string().optional(),
});

export type SandboxEnv = z.infer<typeof schema>;

/** Thrown for an environment variable with a value the sandbox cannot use. */
export class SandboxEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxEnvError";
  }
}

/** The sandbox's environment variables, validated; throws SandboxEnvError naming each bad one. */
export function sandboxEnv(source: Record<string, string | undefined> = process.env): SandboxEnv {
  // An empty variable is an unset one (`SANDBOX_DRIVER= pnpm dev`).
  const values = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]));
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new SandboxEnvError(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
