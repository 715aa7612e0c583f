/**
 * Sandbox hosts apart from the workers: the Docker driver against another Docker engine named by
 * DOCKER_HOST, here a second dockerd on this machine (its own data root and containerd) reached
 * over loopback TCP with TLS client certificates, and over its unix socket. Real engines, no
 * mocks; dockerd must be installed (these tests fail, never skip).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BoxProvider } from "../src/box.ts";
import { dockerAddress } from "../src/docker/address.ts";
import { containerLabels, dockerProvider } from "../src/docker/provider.ts";
import { SandboxEnvError } from "../src/env.ts";
import { type RunEvent, settle, startRun } from "../src/index.ts";
import { defaultLimits } from "../src/limits.ts";
import { selectSandbox } from "../src/select.ts";
import { runToEnd } from "./drivers.ts";
import { type SecondDockerd, startSecondDockerd } from "./second-dockerd.ts";

describe("DOCKER_HOST", () => {
  const certDir = mkdtempSync(join(tmpdir(), "codeclass-certs-"));
  for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(certDir, f), `${f}\n`);
  afterAll(() => rmSync(certDir, { recursive: true, force: true }));

  test("unset: the local socket; unix:// a socket path", () => {
    expect(dockerAddress({})).toEqual({ options: { socketPath: "/var/run/docker.sock" }, label: "/var/run/docker.sock" });
    expect(dockerAddress({ DOCKER_HOST: "unix:///srv/d.sock" })).toEqual({
      options: { socketPath: "/srv/d.sock" },
      label: "unix:///srv/d.sock",
    });
    expect(() => dockerAddress({ DOCKER_HOST: "unix://d.sock" })).toThrow("a unix socket needs an absolute path");
  });

  test("tcp:// with TLS reads the client certificate from DOCKER_CERT_PATH; the port defaults to 2376", () => {
    const a = dockerAddress({ DOCKER_HOST: "tcp://sandbox-7.internal", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir });
    expect(a.label).toBe("tcp://sandbox-7.internal:2376 (TLS)");
    expect(a.options).toMatchObject({ host: "sandbox-7.internal", port: 2376, protocol: "https" });
    expect(String(a.options.ca)).toBe("ca.pem\n");
    expect(String(a.options.cert)).toBe("cert.pem\n");
    expect(String(a.options.key)).toBe("key.pem\n");
    expect(dockerAddress({ DOCKER_HOST: "tcp://[::1]:9000", DOCKER_TLS_VERIFY: "true", DOCKER_CERT_PATH: certDir }).options).toMatchObject({
      host: "::1",
      port: 9000,
    });
  });

  test("plain TCP only to this machine: another machine's engine needs TLS", () => {
    expect(dockerAddress({ DOCKER_HOST: "tcp://127.0.0.1:2375" })).toMatchObject({
      options: { host: "127.0.0.1", port: 2375, protocol: "http" },
      label: "tcp://127.0.0.1:2375",
    });
    expect(dockerAddress({ DOCKER_HOST: "tcp://localhost" }).options).toMatchObject({ host: "localhost", port: 2375 });
    for (const remote of ["tcp://10.0.0.5:2375", "tcp://sandbox-7.internal", "tcp://128.0.0.1:2375"]) {
      expect(() => dockerAddress({ DOCKER_HOST: remote })).toThrow(
        `DOCKER_HOST ${remote} is another machine and DOCKER_TLS_VERIFY is not set: a Docker engine's API without TLS gives anyone on the network root on that machine. Set DOCKER_TLS_VERIFY=1`,
      );
      expect(() => dockerAddress({ DOCKER_HOST: remote, DOCKER_TLS_VERIFY: "0" })).toThrow(SandboxEnvError);
    }
  });

  test("what cannot be used is named, with what to set", () => {
    expect(() => dockerAddress({ DOCKER_HOST: "ssh://me@sandbox-7" })).toThrow(
      "DOCKER_HOST ssh://me@sandbox-7 is not supported: use unix:///path/to/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1",
    );
    expect(() => dockerAddress({ DOCKER_HOST: "/var/run/docker.sock" })).toThrow("is not supported");
    expect(() => dockerAddress({ DOCKER_HOST: "tcp://127.0.0.1:99999" })).toThrow("is not a valid tcp://host:port address");
    expect(() => dockerAddress({ DOCKER_HOST: "tcp://127.0.0.1:2375/v1.40" })).toThrow("only tcp://host:port is accepted");
    const empty = mkdtempSync(join(tmpdir(), "codeclass-nocerts-"));
    try {
      expect(() => dockerAddress({ DOCKER_HOST: "tcp://10.0.0.5", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: empty })).toThrow(
        `DOCKER_TLS_VERIFY is set but ${join(empty, "ca.pem")} cannot be read (ENOENT): DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(() => dockerAddress({ DOCKER_HOST: "tcp://10.0.0.5", DOCKER_TLS_VERIFY: "1" })).toThrow(join(homedir(), ".docker", "ca.pem"));
  });

  test("selectSandbox reports a bad DOCKER_HOST instead of using another engine", async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "tcp://10.0.0.5:2375";
    try {
      const choice = await selectSandbox("docker");
      expect(choice).toEqual({ ok: false, reason: expect.stringContaining("DOCKER_HOST tcp://10.0.0.5:2375 is another machine") });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe("a second Docker engine as the sandbox host", () => {
  let second: SecondDockerd;
  const local = new Docker({ socketPath: "/var/run/docker.sock" });
  const providers: BoxProvider[] = [];
  const mine = { filters: { label: [`${containerLabels.pid}=${process.pid}`] }, all: true };

  const overTls = (certs: string) =>
    dockerAddress({ DOCKER_HOST: `tcp://127.0.0.1:${second.port}`, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });

  beforeAll(async () => {
    second = await startSecondDockerd();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
    if (second) {
      // Every box was destroyed and close() removed the pools: nothing of this process is left there.
      expect((await second.docker.listContainers(mine)).map((c) => c.Id)).toEqual([]);
      await second.stop();
    }
  }, 60_000);

  test("over TCP with TLS: runs (with typed input and their limits) happen there, none on the local engine", async () => {
    const provider = dockerProvider({ address: overTls(second.clientCerts), poolSize: 1 });
    providers.push(provider);
    expect(await provider.unavailableReason()).toBeNull();

    const events: RunEvent[] = [];
    let out = "";
    let answered = false;
    let during: { here: number; there: number } | null = null;
    const handle = await startRun(
      provider,
      { language: "python", files: [{ path: "main.py", content: "name = input('name? ')\nprint('hi', name)\n" }], interactive: true },
      (e) => {
        events.push(e);
        if (e.type !== "stdout") return;
        out += e.data;
        if (!answered && out.includes("name? ")) {
          answered = true;
          void Promise.all([local.listContainers(mine), second.docker.listContainers(mine)]).then(([here, there]) => {
            during = { here: here.length, there: there.length };
            handle.write("Grace\n");
            handle.closeStdin();
          });
        }
      },
    );
    const r = await handle.done;
    expect(r.verdict).toBe("OK");
    expect(r.stdout).toBe("name? hi Grace\n");
    expect(during).not.toBeNull();
    expect(during!.here).toBe(0);
    expect(during!.there).toBeGreaterThanOrEqual(1);

    const spin = await runToEnd(provider, {
      language: "python",
      files: [{ path: "main.py", content: "while True: pass\n" }],
      limits: { cpuMs: 1000 },
    });
    expect(spin.verdict).toBe("TIME_LIMIT");
    const offline = await runToEnd(provider, {
      language: "python",
      files: [
        {
          path: "main.py",
          content:
            "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), 1)\nexcept OSError as e:\n    print(type(e).__name__)\n",
        },
      ],
    });
    expect(offline.stdout).toMatch(/^(ConnectionRefusedError|OSError|TimeoutError)\n$/);
    expect(await local.listContainers(mine)).toEqual([]);
    // The runs' boxes are removed in the background; its pool (refilled after each run) goes with
    // the provider, so the next test counts only its own.
    await settle(provider);
    await provider.close();
    expect(await second.docker.listContainers(mine)).toEqual([]);
  }, 120_000);

  test("a client certificate of another CA is refused, and the sentence says where and why", async () => {
    const provider = dockerProvider({ address: overTls(second.strangerCerts), poolSize: 0 });
    providers.push(provider);
    const reason = await provider.unavailableReason();
    expect(reason).toBe(
      `Docker is not reachable at tcp://127.0.0.1:${second.port} (TLS) (the engine refused the client certificate in DOCKER_CERT_PATH): start dockerd, or set SANDBOX_DRIVER=bwrap`,
    );
    await expect(provider.open(defaultLimits)).rejects.toThrow();
  }, 60_000);

  test("an engine whose certificate DOCKER_CERT_PATH/ca.pem did not sign is not trusted", async () => {
    const provider = dockerProvider({ address: overTls(second.wrongCaCerts), poolSize: 0 });
    providers.push(provider);
    expect(await provider.unavailableReason()).toMatch(
      new RegExp(
        `^Docker is not reachable at tcp://127\\.0\\.0\\.1:${second.port} \\(TLS\\) \\(the engine's certificate was not accepted: [^\\n]+\\): start dockerd`,
      ),
    );
  }, 60_000);

  test("without TLS the engine's TLS port gives nothing", async () => {
    const provider = dockerProvider({ address: dockerAddress({ DOCKER_HOST: `tcp://127.0.0.1:${second.port}` }), poolSize: 0 });
    providers.push(provider);
    expect(await provider.unavailableReason()).toBe(
      `Docker is not reachable at tcp://127.0.0.1:${second.port} (the engine expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH): start dockerd, or set SANDBOX_DRIVER=bwrap`,
    );
  }, 60_000);

  test("DOCKER_HOST=unix://… of the other engine, through selectSandbox as the worker starts it", async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${second.socket}`;
    try {
      const choice = await selectSandbox("docker", { poolSize: 0 });
      if (!choice.ok) throw new Error(choice.reason);
      try {
        let there = -1;
        const handle = await choice.sandbox.start(
          { language: "python", files: [{ path: "main.py", content: "input()\nprint('done')\n" }], interactive: true },
          (e) => {
            if (e.type === "input" && e.waiting && there < 0) {
              there = 0;
              void second.docker.listContainers(mine).then((list) => {
                there = list.length;
                handle.write("\n");
              });
            }
          },
        );
        const r = await handle.done;
        expect(r).toMatchObject({ verdict: "OK", stdout: "done\n" });
        expect(there).toBe(1);
      } finally {
        await choice.sandbox.close();
      }
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  }, 60_000);
});
