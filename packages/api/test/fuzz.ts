import { inspect } from "node:util";

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, so a failure can be replayed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof seededRandom>;

/** Keys that have tripped up object handling elsewhere; never fields of any input. */
export const evilKeys = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "", " ", "$where", "0"];

const chars = [
  "a",
  "Z",
  "7",
  " ",
  "\n",
  "\t",
  "é",
  "ß",
  "漢",
  "😀",
  "\u202e",
  "\u0301",
  "\ufeff",
  "\ud800",
  "'",
  '"',
  "\\",
  "<",
  "%",
  ";",
  "-",
];
export const hugeString = "x".repeat(100_000);

function unicodeString(r: Random): string {
  let s = "";
  for (let n = r.int(40); n > 0; n--) s += r.pick(chars);
  return s;
}

/** Any JSON-ish value: numbers, strings (unicode, 100k chars), null, arrays, objects with odd keys. */
export function garbage(r: Random, depth = 0): unknown {
  const kind = r.int(depth > 2 ? 6 : 8);
  switch (kind) {
    case 0:
      return r.pick([0, -1, 1, 2 ** 53 + 1, -0, 1e308, Number.NaN, Number.POSITIVE_INFINITY, r.next() * 1e6]);
    case 1:
      return r.pick([true, false]);
    case 2:
      return r.pick([null, undefined]);
    case 3:
      return unicodeString(r);
    case 4:
      return r.pick([hugeString, "😀".repeat(50_000), `${"a".repeat(99_990)}@example.com`]);
    case 5:
      return r.pick(["", "null", "undefined", "[object Object]", "' or 1=1 --", "{}"]);
    case 6:
      return Array.from({ length: r.int(4) }, () => garbage(r, depth + 1));
    default:
      return garbageObject(r, depth + 1);
  }
}

/** An object that always holds at least one key no input schema knows (so a strict schema must refuse it). */
export function garbageObject(r: Random, depth = 0): Record<string, unknown> {
  const entries: [string, unknown][] = [[r.pick(evilKeys), garbage(r, depth + 1)]];
  for (let n = r.int(3); n > 0; n--) entries.push([r.pick([...evilKeys, unicodeString(r)]), garbage(r, depth + 1)]);
  // fromEntries defines own properties, as JSON.parse does for "__proto__" on the wire.
  return Object.fromEntries(entries);
}

/** Garbage that is not a string, null or undefined: the wrong type for any text field, required or not. */
export function wrongType(r: Random): unknown {
  for (;;) {
    const v = garbage(r);
    if (typeof v !== "string" && v !== null && v !== undefined) return v;
  }
}

/** A compact, one-line description of a value for failure reports (long strings are cut). */
export function preview(value: unknown): string {
  return inspect(value, { depth: 4, maxStringLength: 40, maxArrayLength: 5, breakLength: Number.POSITIVE_INFINITY });
}
