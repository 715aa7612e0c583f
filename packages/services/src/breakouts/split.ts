/**
 * The breakout split algorithms: pure functions from students to groups. Random and round-robin
 * make group sizes that differ by at most one; each puts every student in exactly one group.
 */

export interface SplitStudent {
  userId: string;
  name: string;
}

/** Groups as lists of user ids; index 0 is group 1. */
export type Split = string[][];

/** A 32-bit hash of a string (FNV-1a), the seed of the generator. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small deterministic generator of numbers in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Students in a stable order (name, then id), so the input order never changes a split. */
const ordered = (students: SplitStudent[]) =>
  [...students].sort((a, b) => a.name.localeCompare(b.name, "en") || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));

/** Deals `ids` out one by one: the i-th goes to group i mod n. */
function deal(ids: string[], groupCount: number): Split {
  if (!Number.isInteger(groupCount) || groupCount < 1) throw new RangeError(`groupCount must be a whole number from 1, not ${groupCount}`);
  const groups: Split = Array.from({ length: groupCount }, () => []);
  for (const [i, id] of ids.entries()) groups[i % groupCount]!.push(id);
  return groups;
}

/** Round-robin in name order: the first student to group 1, the second to group 2, and so on. */
export function roundRobinSplit(students: SplitStudent[], groupCount: number): Split {
  return deal(
    ordered(students).map((s) => s.userId),
    groupCount,
  );
}

/** A seeded shuffle (Fisher-Yates) of the students in name order, dealt round-robin: the same seed gives the same groups. */
export function randomSplit(students: SplitStudent[], groupCount: number, seed: string): Split {
  const ids = ordered(students).map((s) => s.userId);
  const random = seededRandom(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return deal(ids, groupCount);
}

/**
 * Staff's own split: each listed student in the group named (1-based). A student listed twice,
 * or a group outside 1..n, is an error naming it; groups may differ in size (staff chose so).
 */
export function manualSplit(assignments: { userId: string; group: number }[], groupCount: number): Split {
  const groups: Split = Array.from({ length: groupCount }, () => []);
  const seen = new Set<string>();
  for (const { userId, group } of assignments) {
    if (seen.has(userId)) throw new RangeError(`student ${userId} is listed twice: each student goes to one group`);
    if (!Number.isInteger(group) || group < 1 || group > groupCount)
      throw new RangeError(`student ${userId} is put in group ${group}, but the groups are 1 to ${groupCount}`);
    seen.add(userId);
    groups[group - 1]!.push(userId);
  }
  return groups;
}

/** A student with their share of the course's points so far (0..1), or null with no graded work. */
export interface GradedStudent extends SplitStudent {
  grade: number | null;
}

/**
 * Mixed by grade (seed 001): the students ranked by grade, best first (those without a grade
 * last, ties in name order), dealt in a snake (1..n, then n..1, ...). Every group gets one of
 * the strongest and one of the weakest in turn, so the groups' mean grades stay close; sizes
 * differ by at most one as with the other splits.
 */
export function mixedByGradeSplit(students: GradedStudent[], groupCount: number): Split {
  const byName = new Map(ordered(students).map((s, i) => [s.userId, i]));
  const ranked = [...students].sort(
    (a, b) =>
      (a.grade === null ? 1 : 0) - (b.grade === null ? 1 : 0) ||
      (b.grade ?? 0) - (a.grade ?? 0) ||
      byName.get(a.userId)! - byName.get(b.userId)!,
  );
  const groups = deal([], groupCount);
  for (const [i, s] of ranked.entries()) {
    const lap = Math.floor(i / groupCount);
    const at = i % groupCount;
    groups[lap % 2 === 0 ? at : groupCount - 1 - at]!.push(s.userId);
  }
  return groups;
}
