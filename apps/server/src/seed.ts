import { randomBytes } from "node:crypto";
import { type Auth, createUserAccount } from "@codeclass/auth";
import { courses, type Database, enrollments, user } from "@codeclass/db";
import { count } from "drizzle-orm";

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/**
 * On an empty database: a demo admin, an instructor, two students and a demo course with the
 * students enrolled. Returns the accounts (with their one-time random passwords), or null
 * when the database already has users.
 */
export async function seedDemo(auth: Auth, db: Database): Promise<DemoAccount[] | null> {
  const [row] = await db.select({ n: count() }).from(user);
  if ((row?.n ?? 0) > 0) return null;
  const people = [
    { role: "admin", email: "admin@codeclass.local", name: "Ada Admin" },
    { role: "instructor", email: "instructor@codeclass.local", name: "Ivan Instructor" },
    { role: "student", email: "student1@codeclass.local", name: "Sam Student" },
    { role: "student", email: "student2@codeclass.local", name: "Sofia Student" },
  ] as const;
  const accounts: DemoAccount[] = [];
  const ids: string[] = [];
  for (const p of people) {
    const password = `demo-${randomBytes(6).toString("base64url")}`;
    const created = await createUserAccount(auth, db, { ...p, password });
    ids.push(created.id);
    accounts.push({ role: p.role, email: p.email, password });
  }
  const [instructorId, s1, s2] = ids.slice(1) as [string, string, string];
  await db.transaction(async (tx) => {
    const [course] = await tx
      .insert(courses)
      .values({
        code: "DEMO-101",
        title: "Introduction to Programming",
        term: "Demo",
        description: "A demo course: explore the IDE, run code and watch the review panel.",
        createdBy: instructorId,
      })
      .returning();
    await tx.insert(enrollments).values([
      { courseId: course!.id, userId: instructorId, role: "instructor" },
      { courseId: course!.id, userId: s1, role: "student" },
      { courseId: course!.id, userId: s2, role: "student" },
    ]);
  });
  return accounts;
}
