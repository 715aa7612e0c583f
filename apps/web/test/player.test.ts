import { describe, expect, test } from "vitest";
import { initialPlayer, type PlayerAction, type PlayerState, playerReducer, shownIndex, tickMs } from "../src/components/history/player.ts";

/** Applies actions in order to a log of `length` steps. */
function run(length: number, ...actions: PlayerAction[]): PlayerState {
  return actions.reduce((s, a) => playerReducer(s, a, length), initialPlayer);
}

describe("history player", () => {
  test("follows the newest step until moved, also as the log grows", () => {
    expect(shownIndex(initialPlayer, 5)).toBe(4);
    expect(shownIndex(initialPlayer, 9)).toBe(8);
    expect(shownIndex(initialPlayer, 0)).toBe(-1);
  });

  test("play from the newest step starts at the first; ticks advance one step and stop at the last", () => {
    let s = run(3, { type: "play" });
    expect(s).toMatchObject({ playing: true, index: 0 });
    s = playerReducer(s, { type: "tick" }, 3);
    expect(s).toMatchObject({ playing: true, index: 1 });
    s = playerReducer(s, { type: "tick" }, 3);
    expect(s).toMatchObject({ playing: false, index: 2 });
    // A stray tick after the end changes nothing.
    expect(playerReducer(s, { type: "tick" }, 3)).toBe(s);
  });

  test("pause keeps the step; toggle plays on from there; seek moves while playing", () => {
    let s = run(10, { type: "seek", index: 3 }, { type: "toggle" }, { type: "tick" });
    expect(s).toMatchObject({ playing: true, index: 4 });
    s = playerReducer(s, { type: "toggle" }, 10);
    expect(s).toMatchObject({ playing: false, index: 4 });
    s = run(10, { type: "seek", index: 2 }, { type: "play" }, { type: "seek", index: 7 }, { type: "tick" });
    expect(s).toMatchObject({ playing: true, index: 8 });
    expect(run(10, { type: "seek", index: 99 }).index).toBe(9);
    expect(run(10, { type: "seek", index: -5 }).index).toBe(0);
  });

  test("steps pause and stay inside the log; first and last; newest follows again", () => {
    expect(run(5, { type: "play" }, { type: "step", by: 1 })).toMatchObject({ playing: false, index: 1 });
    expect(run(5, { type: "step", by: 1 }).index).toBe(4);
    expect(run(5, { type: "first" }, { type: "step", by: -1 }).index).toBe(0);
    const s = run(5, { type: "first" }, { type: "last" });
    expect(s.index).toBeNull();
    expect(shownIndex(s, 7)).toBe(6);
  });

  test("jumps to the previous and next large paste, and stays when there is none", () => {
    const large = [2, 6];
    expect(run(10, { type: "first" }, { type: "paste", dir: 1, large }).index).toBe(2);
    expect(run(10, { type: "seek", index: 2 }, { type: "paste", dir: 1, large }).index).toBe(6);
    expect(run(10, { type: "paste", dir: -1, large }).index).toBe(6);
    expect(run(10, { type: "seek", index: 1 }, { type: "paste", dir: -1, large }).index).toBe(1);
  });

  test("speed sets the tick: 4 steps a second at 1×, 16 times that at 16×", () => {
    const s = run(5, { type: "speed", speed: 16 });
    expect(s.speed).toBe(16);
    expect(tickMs(1)).toBe(250);
    expect(tickMs(s.speed)).toBeCloseTo(15.625);
  });

  test("an empty log never plays", () => {
    expect(run(0, { type: "play" }).playing).toBe(false);
  });
});
