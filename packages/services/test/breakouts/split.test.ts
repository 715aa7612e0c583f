import { breakouts } from "@codeclass/services";
import { describe, expect, test } from "vitest";

const { manualSplit, mixedByGradeSplit, randomSplit, roundRobinSplit } = breakouts;

const students = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `u${String(i).padStart(3, "0")}`, name: `Student ${i}` }));

/** Every student in exactly one group, and nobody else. */
function expectPartition(split: string[][], ids: string[]) {
  const all = split.flat();
  expect(all.length).toBe(ids.length);
  expect(new Set(all).size).toBe(all.length);
  expect([...all].sort()).toEqual([...ids].sort());
}

const sizesWithinOne = (split: string[][]) => {
  const sizes = split.map((g) => g.length);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
};

describe("round-robin and random splits", () => {
  const cases: [number, number][] = [
    [0, 3],
    [1, 1],
    [1, 4],
    [7, 3],
    [10, 5],
    [11, 4],
    [31, 6],
    [200, 7],
  ];
  test.each(cases)("%i students into %i groups: sizes within one, everyone once", (n, groups) => {
    const list = students(n);
    const ids = list.map((s) => s.userId);
    for (const split of [roundRobinSplit(list, groups), randomSplit(list, groups, "seed-1"), randomSplit(list, groups, "other")]) {
      expect(split).toHaveLength(groups);
      expectPartition(split, ids);
      expect(sizesWithinOne(split)).toBe(true);
    }
  });

  test("round-robin deals in name order whatever the input order", () => {
    const list = [
      { userId: "c", name: "Cleo" },
      { userId: "a", name: "Ada" },
      { userId: "d", name: "Dan" },
      { userId: "b", name: "Bo" },
      { userId: "e", name: "Eve" },
    ];
    expect(roundRobinSplit(list, 2)).toEqual([
      ["a", "c", "e"],
      ["b", "d"],
    ]);
    expect(roundRobinSplit([...list].reverse(), 2)).toEqual(roundRobinSplit(list, 2));
  });

  test("random is deterministic with a seed, independent of input order, and differs between seeds", () => {
    const list = students(40);
    const a = randomSplit(list, 5, "week-3");
    expect(randomSplit([...list].reverse(), 5, "week-3")).toEqual(a);
    expect(randomSplit(list, 5, "week-3")).toEqual(a);
    const others = ["week-4", "x", "y", "z"].map((seed) => JSON.stringify(randomSplit(list, 5, seed)));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
    // A shuffle, not the round-robin order.
    expect(a).not.toEqual(roundRobinSplit(list, 5));
  });

  test("more groups than students leaves groups empty, never a student twice", () => {
    const split = randomSplit(students(2), 5, "s");
    expect(split.filter((g) => g.length === 1)).toHaveLength(2);
    expect(split.filter((g) => g.length === 0)).toHaveLength(3);
  });

  test("a group count that is not a whole number from 1 is refused", () => {
    expect(() => roundRobinSplit(students(3), 0)).toThrow(/groupCount must be a whole number from 1/);
    expect(() => randomSplit(students(3), 1.5, "s")).toThrow(/groupCount/);
  });
});

describe("manual split", () => {
  test("puts each listed student in the group named", () => {
    expect(
      manualSplit(
        [
          { userId: "a", group: 2 },
          { userId: "b", group: 1 },
          { userId: "c", group: 2 },
        ],
        3,
      ),
    ).toEqual([["b"], ["a", "c"], []]);
  });
  test("a student listed twice or a group out of range is refused, naming them", () => {
    expect(() =>
      manualSplit(
        [
          { userId: "a", group: 1 },
          { userId: "a", group: 2 },
        ],
        2,
      ),
    ).toThrow(/student a is listed twice/);
    expect(() => manualSplit([{ userId: "b", group: 3 }], 2)).toThrow(/student b is put in group 3, but the groups are 1 to 2/);
  });
});

describe("mixed by grade", () => {
  const graded = (n: number, grade: (i: number) => number | null) => students(n).map((s, i) => ({ ...s, grade: grade(i) }));

  test.each([
    [0, 3],
    [1, 2],
    [7, 3],
    [30, 6],
    [31, 4],
    [200, 7],
  ] as [number, number][])("%i students into %i groups: sizes within one, everyone once", (n, groups) => {
    const list = graded(n, (i) => (i % 5 === 0 ? null : ((i * 37) % 101) / 100));
    const split = mixedByGradeSplit(list, groups);
    expect(split).toHaveLength(groups);
    expectPartition(
      split,
      list.map((s) => s.userId),
    );
    expect(sizesWithinOne(split)).toBe(true);
  });

  test("the groups' mean grades stay close: far closer than round-robin's on a class sorted by name and grade", () => {
    // Names and grades in the same order: round-robin in name order piles the best into group 1.
    const list = graded(24, (i) => 1 - i / 24);
    const grade = new Map(list.map((s) => [s.userId, s.grade!]));
    const spread = (split: string[][]) => {
      const means = split.map((g) => g.reduce((sum, id) => sum + grade.get(id)!, 0) / g.length);
      return Math.max(...means) - Math.min(...means);
    };
    const mixed = mixedByGradeSplit(list, 4);
    expect(spread(mixed)).toBeLessThan(0.001);
    expect(spread(roundRobinSplit(list, 4))).toBeGreaterThan(0.1);
    // Every group gets one of the top four and one of the bottom four.
    const top = new Set(list.slice(0, 4).map((s) => s.userId));
    const bottom = new Set(list.slice(-4).map((s) => s.userId));
    for (const g of mixed) {
      expect(g.filter((id) => top.has(id))).toHaveLength(1);
      expect(g.filter((id) => bottom.has(id))).toHaveLength(1);
    }
  });

  test("dealt in a snake from the best; no grade ranks last; ties in name order, whatever the input order", () => {
    const list = [
      { userId: "a", name: "Ada", grade: 0.5 },
      { userId: "b", name: "Bo", grade: null },
      { userId: "c", name: "Cleo", grade: 0.9 },
      { userId: "d", name: "Dan", grade: 0.5 },
      { userId: "e", name: "Eve", grade: 0.7 },
    ];
    // Ranked c, e, a, d (a before d: the tie in name order), b; dealt 1 2 2 1 1.
    expect(mixedByGradeSplit(list, 2)).toEqual([
      ["c", "d", "b"],
      ["e", "a"],
    ]);
    expect(mixedByGradeSplit([...list].reverse(), 2)).toEqual(mixedByGradeSplit(list, 2));
    expect(() => mixedByGradeSplit(list, 0)).toThrow(/groupCount must be a whole number/);
  });
});
