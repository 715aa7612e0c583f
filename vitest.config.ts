import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,packages}/*/test/**/*.test.ts", "sandbox/test/**/*.test.ts"],
    globalSetup: ["./packages/test-utils/src/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Resources a test needs (Postgres, Chromium, Docker) must be present: fail, never skip.
    allowOnly: false,
  },
});
