import { auditLog, courses, type DbOrTx, user } from "@codeclass/db";
import type { adminAuditFilters } from "@codeclass/validators";
import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { likePattern } from "./like.ts";

/** The audit rows matching the filters, newest first, with the actor's name and email and the course's code. */
export function auditQuery(db: DbOrTx, filters: z.output<typeof adminAuditFilters>) {
  const where: SQL[] = [];
  if (filters.actorId) where.push(eq(auditLog.actorId, filters.actorId));
  // An action ("user.disable") or a prefix of one ("user."): the text_pattern_ops index answers both.
  if (filters.action) where.push(like(auditLog.action, likePattern(filters.action, "prefix")));
  if (filters.targetType) where.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) where.push(eq(auditLog.targetId, filters.targetId));
  if (filters.from) where.push(gte(auditLog.createdAt, filters.from));
  if (filters.to) where.push(lt(auditLog.createdAt, filters.to));
  const filter = where.length ? and(...where) : undefined;
  const rows = db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: user.name,
      actorEmail: user.email,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      courseId: auditLog.courseId,
      courseCode: courses.code,
      data: auditLog.data,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .leftJoin(courses, eq(courses.id, auditLog.courseId))
    .where(filter)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
  return { rows, filter };
}
