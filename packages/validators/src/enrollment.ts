import { z } from "zod";
import { courseId } from "./course.ts";
import { email, userId } from "./profile.ts";

export const courseRoles = ["instructor", "ta", "student"] as const;
export const courseRole = z.enum(courseRoles, { error: `must be one of ${courseRoles.join(", ")}` });
export type CourseRole = z.infer<typeof courseRole>;

export const enrollmentAddInput = z.object({ courseId, email, role: courseRole.default("student") }).strict();
export const enrollmentRemoveInput = z.object({ courseId, userId }).strict();
export const enrollmentSetRoleInput = z.object({ courseId, userId, role: courseRole }).strict();
