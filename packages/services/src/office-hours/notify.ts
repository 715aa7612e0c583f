import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** LISTEN/NOTIFY channel of office-hours queues: the payload is the course id whose queue changed. */
export const officeHoursChannel = "codeclass_office_hours";

/** Wakes the course's queue streams; inside a transaction it goes out on commit. */
export async function notifyOfficeHours(db: DbOrTx, courseId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${officeHoursChannel}, ${courseId})`);
}
