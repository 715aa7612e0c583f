import type { DbOrTx } from "@codeclass/db";
import { type ActivityPlatformInput, activityPlatformInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { activityRange } from "./range.ts";
import { readDashboard, requireActivityAccess } from "./scope.ts";

/** Every course's activity over a date range (administrators only). */
export async function platform(db: DbOrTx, actor: Actor, raw: ActivityPlatformInput) {
  const input = activityPlatformInput.parse(raw);
  await requireActivityAccess(db, actor, null);
  return readDashboard(db, activityRange(input));
}
