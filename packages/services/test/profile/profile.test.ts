import * as services from "@codeclass/services";
import { makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { actor, serviceError } from "../helpers.ts";

const t = useTestDatabase();

const stored = (id: string) => t.sql`select name, bio from "user" where id = ${id}`;

describe("profiles", () => {
  test("profile.get returns the caller's own account", async () => {
    const ada = await makeUser(t.db, { role: "instructor", name: "Ada" });
    await makeUser(t.db, { name: "Someone else" });
    expect(await services.profile.get(t.db, actor(ada))).toMatchObject({
      id: ada.id,
      name: "Ada",
      email: ada.email,
      bio: null,
      role: "instructor",
      twoFactorEnabled: false,
    });
  });

  test("profile.get of an account that no longer exists is NOT_FOUND", async () => {
    await serviceError(services.profile.get(t.db, { id: "deleted-user", role: "student" }), "NOT_FOUND");
  });

  test("profile.updateProfile saves the trimmed name and bio of the caller only", async () => {
    const ada = await makeUser(t.db, { name: "Ada" });
    const bob = await makeUser(t.db, { name: "Bob" });
    const profile = await services.profile.updateProfile(t.db, actor(ada), {
      name: "  Ada Lovelace ",
      bio: " Wrote the first program. ",
    });
    expect(profile).toMatchObject({ id: ada.id, name: "Ada Lovelace", bio: "Wrote the first program." });
    expect(await stored(ada.id)).toEqual([{ name: "Ada Lovelace", bio: "Wrote the first program." }]);
    expect(await stored(bob.id)).toEqual([{ name: "Bob", bio: null }]);
  });

  test("invalid input is a ZodError naming the field, and nothing is saved", async () => {
    const ada = await makeUser(t.db, { name: "Ada" });
    const error = await services.profile.updateProfile(t.db, actor(ada), { name: "x".repeat(101) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path)).toEqual([["name"]]);
    expect(await stored(ada.id)).toEqual([{ name: "Ada", bio: null }]);
  });
});
