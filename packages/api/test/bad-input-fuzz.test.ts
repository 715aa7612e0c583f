import { randomUUID } from "node:crypto";
import { callerFor, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { TRPCError } from "@trpc/server";
import { describe, expect, test } from "vitest";
import { garbage, garbageObject, hugeString, preview, type Random, seededRandom, wrongType } from "./fuzz.ts";
import { callPath, courseSetup, fingerprint, type Setup, unique } from "./helpers.ts";

// Replay a failure: FUZZ_SEED=<the FUZZ_SEED in the test name> vitest run packages/api/test/bad-input-fuzz
const t = useTestDatabase();
const newCode = () => `K-${unique()}`;

describe("garbage thrown at every mutation is refused cleanly and writes nothing", () => {
  type FieldKind = "text" | "code" | "uuid" | "email" | "role" | "bool" | "userId";
  interface MutationSpec {
    path: string;
    fields: Record<string, FieldKind>;
    required: string[];
    valid(s: FuzzSetup): Record<string, unknown>;
  }
  type FuzzSetup = Setup & { outsider: { email: string } };

  const mutations: MutationSpec[] = [
    {
      path: "course.create",
      fields: { code: "code", title: "text", description: "text", term: "text" },
      required: ["code", "title"],
      valid: () => ({ code: newCode(), title: "Fuzz", description: "d", term: "2026" }),
    },
    {
      path: "course.update",
      fields: { courseId: "uuid", code: "code", title: "text", description: "text", term: "text" },
      required: ["courseId"],
      valid: (s) => ({ courseId: s.course.id, code: newCode(), title: "Fuzz", description: "d", term: "2026" }),
    },
    {
      path: "course.archive",
      fields: { courseId: "uuid", archived: "bool" },
      required: ["courseId"],
      valid: (s) => ({ courseId: s.course.id, archived: true }),
    },
    {
      path: "enrollment.add",
      fields: { courseId: "uuid", email: "email", role: "role" },
      required: ["courseId", "email"],
      valid: (s) => ({ courseId: s.course.id, email: s.outsider.email, role: "ta" }),
    },
    {
      path: "enrollment.remove",
      fields: { courseId: "uuid", userId: "userId" },
      required: ["courseId", "userId"],
      valid: (s) => ({ courseId: s.course.id, userId: s.student.id }),
    },
    {
      path: "enrollment.setRole",
      fields: { courseId: "uuid", userId: "userId", role: "role" },
      required: ["courseId", "userId", "role"],
      valid: (s) => ({ courseId: s.course.id, userId: s.student.id, role: "ta" }),
    },
    { path: "me.updateProfile", fields: { name: "text", bio: "text" }, required: ["name"], valid: () => ({ name: "Fuzzed", bio: "b" }) },
  ];

  /** Strings each kind of field must refuse (wrong-typed values are refused by all of them). */
  const badStrings: Record<FieldKind, string[]> = {
    text: [hugeString, "😀".repeat(50_000)],
    code: ["", " ", "-lead", "has space", "a/b", "ü", "😀", "a\u0000", hugeString],
    uuid: ["", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", `${randomUUID()}x`, "' or 1=1 --", hugeString],
    email: ["", "no-at-sign", "a@", "@b.com", "a b@c.com", `${"a".repeat(250)}@example.com`, hugeString],
    role: ["", "owner", "admin", "INSTRUCTOR", "student ", hugeString],
    bool: ["true", "false", "", "1"],
    userId: ["", hugeString],
  };
  const invalidValue = (r: Random, kind: FieldKind): unknown => {
    if (r.int(2) === 0) return r.pick(badStrings[kind]);
    const v = wrongType(r);
    return kind === "bool" && typeof v === "boolean" ? 0 : v;
  };

  /** One corrupted input and the code it must be refused with. */
  function corrupt(r: Random, spec: MutationSpec, s: FuzzSetup): { how: string; input: unknown; expected: string } {
    const input: Record<string, unknown> = spec.valid(s);
    const field = r.pick(Object.keys(spec.fields));
    const strategy = r.int(5);
    if (strategy === 0) return { how: "whole input replaced", input: garbage(r), expected: "BAD_REQUEST" };
    if (strategy === 1) {
      input[field] = invalidValue(r, spec.fields[field]!);
      return { how: `${field} replaced`, input, expected: "BAD_REQUEST" };
    }
    if (strategy === 2) {
      delete input[r.pick(spec.required)];
      return { how: "required field removed", input, expected: "BAD_REQUEST" };
    }
    if (strategy === 3 && "courseId" in input) {
      input.courseId = randomUUID();
      return { how: "unknown courseId", input, expected: "NOT_FOUND" };
    }
    return { how: "unknown key added", input: { ...input, ...garbageObject(r) }, expected: "BAD_REQUEST" };
  }

  const baseSeed = Number(process.env.FUZZ_SEED ?? 20_261_121);
  const iterations = 200;

  test.each(mutations.map((m, i) => [m.path, baseSeed + i, m] as const))(
    `%s (seed %i, FUZZ_SEED=${baseSeed})`,
    async (path, seed, spec) => {
      const r = seededRandom(seed);
      const base = await courseSetup(t);
      const s: FuzzSetup = { ...base, outsider: await makeUser(t.db) };
      const callers = [s.asAdmin, s.teacher, callerFor(t.db, s.student)];
      const failures: string[] = [];
      const before = await fingerprint(t);
      for (let i = 0; i < iterations; i++) {
        const { how, input, expected } = corrupt(r, spec, s);
        let outcome: string;
        try {
          outcome = `succeeded with ${preview(await callPath(r.pick(callers), path, input))}`;
        } catch (error) {
          outcome = error instanceof TRPCError ? error.code : `threw a non-tRPC ${preview(error)}`;
        }
        const changed = (await fingerprint(t)) !== before;
        if (outcome !== expected || changed) {
          failures.push(
            `#${i} ${how}: expected ${expected}, got ${outcome}${changed ? " AND THE DATABASE CHANGED" : ""}; input ${preview(input)}`,
          );
          if (changed) break;
        }
      }
      expect(failures, `seed ${seed}`).toEqual([]);
    },
  );
});
