import { describe, expect, test } from "vitest";
import { defaultConcurrency } from "../src/index.ts";

describe("how many jobs a worker takes at once by default", () => {
  test("4 per CPU, at least 4 and at most 32", () => {
    expect(defaultConcurrency(1)).toBe(4);
    expect(defaultConcurrency(2)).toBe(8);
    expect(defaultConcurrency(6)).toBe(24);
    expect(defaultConcurrency(64)).toBe(32);
  });
});
