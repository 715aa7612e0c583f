import { describe, expect, test } from "vitest";
import { refillAfterTake, refillDelayMs } from "../src/pool.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("refilling a sandbox pool after a box is taken (pool.ts)", () => {
  test("with half the pool or more still ready, the refill waits refillDelayMs, once for many takes", async () => {
    let ready = 7;
    let refills = 0;
    const soon = refillAfterTake(
      () => refills++,
      () => ({ ready, size: 8 }),
    );
    soon();
    ready = 6;
    soon();
    expect(refills).toBe(0);
    await sleep(refillDelayMs / 2);
    expect(refills).toBe(0);
    await sleep(refillDelayMs);
    expect(refills).toBe(1);
  });

  test("at half or below, it refills at once and the waiting timer is dropped", async () => {
    let ready = 5;
    let refills = 0;
    const soon = refillAfterTake(
      () => refills++,
      () => ({ ready, size: 8 }),
    );
    soon();
    expect(refills).toBe(0);
    ready = 4;
    soon();
    expect(refills).toBe(1);
    await sleep(refillDelayMs + 50);
    expect(refills).toBe(1);
  });

  test("a pool of one or two refills at once (nothing would be left for the next run)", () => {
    for (const size of [1, 2]) {
      let refills = 0;
      refillAfterTake(
        () => refills++,
        () => ({ ready: size - 1, size }),
      )();
      expect(refills).toBe(1);
    }
  });
});
