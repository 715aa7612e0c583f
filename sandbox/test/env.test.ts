import { describe, expect, test } from "vitest";
import { SandboxEnvError, sandboxEnv } from "../src/env.ts";
import { selectSandbox } from "../src/select.ts";

describe("the sandbox's environment (env.ts)", () => {
  test("named, validated fields; empty is unset; a bad value names the variable and what to set", async () => {
    expect(
      sandboxEnv({ SANDBOX_DRIVER: "bwrap", SANDBOX_ROOTFS: "/srv/rootfs", DOCKER_HOST: "unix:///d.sock", PATH: "/bin", OTHER: "x" }),
    ).toEqual({
      SANDBOX_DRIVER: "bwrap",
      SANDBOX_ROOTFS: "/srv/rootfs",
      DOCKER_HOST: "unix:///d.sock",
      PATH: "/bin",
    });
    expect(sandboxEnv({ SANDBOX_DRIVER: "", SANDBOX_ROOTFS: "" })).toEqual({});
    expect(() => sandboxEnv({ SANDBOX_DRIVER: "podman" })).toThrow(SandboxEnvError);
    expect(() => sandboxEnv({ SANDBOX_DRIVER: "podman" })).toThrow("SANDBOX_DRIVER must be docker or bwrap (or unset to detect)");
    // selectSandbox reads it from the process environment and says what is wrong instead of throwing.
    const saved = process.env.SANDBOX_DRIVER;
    process.env.SANDBOX_DRIVER = "podman";
    try {
      expect(await selectSandbox()).toEqual({ ok: false, reason: "SANDBOX_DRIVER must be docker or bwrap (or unset to detect)" });
    } finally {
      if (saved === undefined) delete process.env.SANDBOX_DRIVER;
      else process.env.SANDBOX_DRIVER = saved;
    }
  });
});
