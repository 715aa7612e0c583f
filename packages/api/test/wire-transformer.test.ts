import { describe, expect, test } from "vitest";
import { sharedValue, wireTransformer } from "../src/trpc.ts";

describe("the wire transformer", () => {
  test("a shared value is turned into its wire form once, and reads back whole", () => {
    const message = sharedValue({ id: "m1", body: "hello", createdAt: new Date("2026-12-05T10:00:00Z") });
    const first = wireTransformer.serialize(message);
    // The second follower gets the very same form: nothing is walked again.
    expect(wireTransformer.serialize(message)).toBe(first);
    const back = wireTransformer.deserialize(JSON.parse(JSON.stringify(first))) as typeof message;
    expect(back).toEqual(message);
    expect(back.createdAt).toBeInstanceOf(Date);
  });

  test("anything not marked shared is serialized afresh, so a changed object is never sent stale", () => {
    const view = { count: 1, at: new Date(0) };
    const first = wireTransformer.serialize(view);
    view.count = 2;
    const second = wireTransformer.serialize(view);
    expect(second).not.toBe(first);
    expect((wireTransformer.deserialize(second) as typeof view).count).toBe(2);
    for (const plain of [null, 3, "text", [1, 2]]) expect(wireTransformer.deserialize(wireTransformer.serialize(plain))).toEqual(plain);
  });
});
