import { callerFor, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { expect, test } from "vitest";

const t = useTestDatabase();

test("an instructor lists the course they teach", async () => {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor);
  const list = await callerFor(t.db, instructor).course.listMine();
  expect(list.map((c) => c.id)).toEqual([course.id]);
});
