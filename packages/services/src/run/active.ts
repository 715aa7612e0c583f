import { runs } from "@codeclass/db";
import { inArray } from "drizzle-orm";

/** Runs still queued or running. */
export const activeRuns = inArray(runs.status, ["queued", "running"]);
