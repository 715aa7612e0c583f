import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { homedir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { type SandboxEnv, SandboxEnvError } from "../env.ts";

/** Where the Docker engine that runs the sandboxes listens, and how to name it in messages. */
export interface DockerAddress {
  /** dockerode's connection options. */
  options: Docker.DockerOptions;
  /** The address as an operator wrote it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376 (TLS)`. */
  label: string;
}

export const defaultSocket = "/var/run/docker.sock";

/**
 * The engine named by DOCKER_HOST, with the Docker CLI's conventions: `unix:///path/to/socket`,
 * or `tcp://host[:port]` for an engine on another machine (a sandbox host apart from the
 * workers), over TLS with a client certificate when DOCKER_TLS_VERIFY is set (ca.pem, cert.pem
 * and key.pem in DOCKER_CERT_PATH, default ~/.docker; port 2376, else 2375). Unset: the local
 * socket. An engine's API is root on its machine, so plain TCP is refused unless the engine is
 * on this machine (loopback: an SSH tunnel, a second local daemon). Throws SandboxEnvError
 * naming the variable and what to set.
 */
export function dockerAddress(env: Pick<SandboxEnv, "DOCKER_HOST" | "DOCKER_TLS_VERIFY" | "DOCKER_CERT_PATH">): DockerAddress {
  const raw = env.DOCKER_HOST;
  if (!raw) return { options: { socketPath: defaultSocket }, label: defaultSocket };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "unix") {
    const socketPath = raw.slice("unix://".length);
    if (!socketPath.startsWith("/"))
      throw new SandboxEnvError(`DOCKER_HOST ${raw}: a unix socket needs an absolute path (unix:///var/run/docker.sock)`);
    return { options: { socketPath }, label: raw };
  }
  if (scheme !== "tcp") {
    throw new SandboxEnvError(
      `DOCKER_HOST ${raw} is not supported: use unix:///path/to/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 (an ssh:// engine can be reached through an SSH tunnel to a local port)`,
    );
  }
  let url: URL;
  try {
    url = new URL(`http://${raw.slice("tcp://".length)}`);
  } catch {
    throw new SandboxEnvError(`DOCKER_HOST ${raw} is not a valid tcp://host:port address`);
  }
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new SandboxEnvError(`DOCKER_HOST ${raw}: only tcp://host:port is accepted (no user, path or query)`);
  }
  const tls = env.DOCKER_TLS_VERIFY === "1" || env.DOCKER_TLS_VERIFY === "true";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const label = `tcp://${url.host}${url.port ? "" : `:${port}`}${tls ? " (TLS)" : ""}`;
  if (!tls) {
    if (!isLoopback(host)) {
      throw new SandboxEnvError(
        `DOCKER_HOST ${raw} is another machine and DOCKER_TLS_VERIFY is not set: a Docker engine's API without TLS gives anyone on the network root on that machine. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a directory with ca.pem, cert.pem and key.pem`,
      );
    }
    return { options: { host, port, protocol: "http" }, label };
  }
  const dir = env.DOCKER_CERT_PATH ?? path.join(homedir(), ".docker");
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name));
    } catch (e) {
      throw new SandboxEnvError(
        `DOCKER_TLS_VERIFY is set but ${path.join(dir, name)} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}): DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem`,
      );
    }
  };
  return { options: { host, port, protocol: "https", ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") }, label };
}

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1";
  return false;
}
