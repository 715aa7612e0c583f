import { describe, expect, test } from "vitest";
import { placeInQueue } from "../../src/run/queue-positions.ts";

describe("placeInQueue: the queue laid out over the worker slots", () => {
  test("each waiting run takes the slot that frees first; positions count the runs ahead", () => {
    // Two slots: runs 1.5 s and 0.5 s into a 2 s mean, so they free in 0.5 s and 1.5 s.
    const places = placeInQueue(["a", "b", "c"], [1500, 500], 2000);
    expect(places.get("a")).toEqual({ position: 0, etaMs: 1000 }); // 0.5 s, rounded up to whole seconds
    expect(places.get("b")).toEqual({ position: 1, etaMs: 2000 }); // 1.5 s
    expect(places.get("c")).toEqual({ position: 2, etaMs: 3000 }); // a's slot again: 0.5 + 2 s
  });

  test("a run over its expected time frees its slot now, not in the past; no running run means a free slot", () => {
    expect(placeInQueue(["a", "b"], [9000], 2000)).toEqual(
      new Map([
        ["a", { position: 0, etaMs: 0 }],
        ["b", { position: 1, etaMs: 2000 }],
      ]),
    );
    expect(placeInQueue(["a"], [], 2000).get("a")).toEqual({ position: 0, etaMs: 0 });
  });
});
