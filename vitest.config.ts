import { defineConfig } from "vitest/config";

/**
 * The second Docker engine's test copies the 1.3 GB sandbox image into an engine of its own on a
 * fresh machine (docker save | load): a minute of disk writes that stalls the first engine's
 * container starts, and with them every other Docker test's timing. It runs after all the
 * others, alone.
 */
const secondEngine = "sandbox/test/docker-remote.test.ts";

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Resources a test needs (Postgres, Chromium, Docker) must be present: fail, never skip.
    allowOnly: false,
    // expect.poll waits for what a real server, browser or sandbox does: on a loaded CI machine a
    // compile or a re-render takes more than vitest's default second.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "codeclass",
          include: ["{apps,packages}/*/test/**/*.test.ts", "sandbox/test/**/*.test.ts"],
          exclude: [secondEngine, "**/node_modules/**"],
          globalSetup: ["./packages/test-utils/src/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "second-engine",
          include: [secondEngine],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
