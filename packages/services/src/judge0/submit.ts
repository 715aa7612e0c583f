import { type Database, judge0Submissions } from "@codeclass/db";
import type { RunStartInput } from "@codeclass/validators";
import type { ApiKeyCaller } from "../api-key/authenticate.ts";
import { defaultRunCaps } from "../run/caps.ts";
import { start } from "../run/start.ts";

export interface Judge0Submit {
  /** The run: language, files, stdin, args and limits (our names and units). */
  run: Omit<RunStartInput, "courseId" | "workspaceId">;
  /** Judge0's language id the client asked for (answered back as `language_id`). */
  languageId: number;
  /** Compared with stdout by Judge0's rule when the run ends; null: no comparison (Accepted on a clean exit). */
  expectedOutput: string | null;
  redirectStderrToStdout: boolean;
}

/**
 * A submission of the Judge0-compatible API: an ordinary run of the key's creator in the key's
 * course (queued, watched and monitored like any other), not interactive (stdin closes after the
 * given text), plus what Judge0 keeps beside it. Its token is the run's id. A key is bounded by
 * its rate limit and by half the queue (the runs of its creator's keys together), not by the
 * per-user cap of people at a keyboard: one client alone cannot make Run answer "busy" to a class.
 */
export async function submit(db: Database, caller: ApiKeyCaller, request: Judge0Submit): Promise<{ token: string }> {
  const { runId } = await start(
    db,
    caller.actor,
    { ...request.run, courseId: caller.courseId },
    { perUser: Math.floor(defaultRunCaps.maxQueued / 2), maxQueued: defaultRunCaps.maxQueued },
    { interactive: false },
  );
  await db.insert(judge0Submissions).values({
    runId,
    keyId: caller.keyId,
    languageId: request.languageId,
    expectedOutput: request.expectedOutput,
    redirectStderrToStdout: request.redirectStderrToStdout,
  });
  return { token: runId };
}
