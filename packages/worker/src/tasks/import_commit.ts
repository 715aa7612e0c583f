import type { Database } from "@codeclass/db";
import { taskPayloads } from "@codeclass/jobs";
import { importing } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";

/** Commits one stored bulk import (services/import/run-commit-job.ts), all or nothing, with progress. */
export function importCommit(deps: { db: Database; log: Logger }): Task {
  return async (payload, helpers) => {
    const { importId, publicUrl } = taskPayloads.import_commit.parse(payload);
    const log = deps.log.child({ importId, jobId: helpers.job.id });
    const started = performance.now();
    const status = await importing.runCommitJob(deps.db, importId, { publicUrl });
    log.info({ status, ms: Math.round(performance.now() - started) }, status ? "import ended" : "import had nothing to do");
  };
}
