/**
 * One child of `pnpm bench:storm`: a group of students, each on its own HTTP connection (its own
 * keep-alive agent, as separate browsers), who at the agreed moment call `run.start` of a Python
 * hello with their bearer session and follow `run.events` (SSE) until "end". Receives
 * `{ url, courseId, tokens, goAt, timeoutMs }` over IPC and answers with one record per student.
 */
import http from "node:http";

export interface StormJob {
  url: string;
  courseId: string;
  tokens: string[];
  /** Epoch ms at which every student presses Run. */
  goAt: number;
  timeoutMs: number;
}

/** One student's run, times in epoch ms (the same machine's clock as Postgres's). */
export interface StormRecord {
  runId: string | null;
  /** run.start sent / answered; SSE response headers; first stored event; stdout; "end". */
  sent: number;
  started: number | null;
  streamOpen: number | null;
  firstEvent: number | null;
  firstOutput: number | null;
  end: number | null;
  verdict: string | null;
  stdout: string;
  /** The refusal (busy) or failure, if any. */
  error: string | null;
  refused: boolean;
}

const hello = { path: "main.py", content: "print('hello')\n" };
const now = () => performance.timeOrigin + performance.now();

function request(agent: http.Agent, url: string, token: string, method: "GET" | "POST", body?: string) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method,
        headers: {
          authorization: `Bearer ${token}`,
          origin: new URL(url).origin,
          ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
          ...(method === "GET" ? { accept: "text/event-stream" } : {}),
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function readAll(res: http.IncomingMessage) {
  let s = "";
  for await (const chunk of res) s += chunk;
  return s;
}

async function student(job: StormJob, token: string): Promise<StormRecord> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // The connection is opened before the moment (a browser's page is loaded already).
  await readAll(await request(agent, `${job.url}/healthz`, token, "GET"));
  const rec: StormRecord = {
    runId: null,
    sent: 0,
    started: null,
    streamOpen: null,
    firstEvent: null,
    firstOutput: null,
    end: null,
    verdict: null,
    stdout: "",
    error: null,
    refused: false,
  };
  await new Promise((r) => setTimeout(r, Math.max(0, job.goAt - Date.now())));
  try {
    rec.sent = now();
    const body = JSON.stringify({ json: { courseId: job.courseId, language: "python", files: [hello] } });
    const res = await request(agent, `${job.url}/trpc/run.start`, token, "POST", body);
    const answer = JSON.parse(await readAll(res)) as {
      result?: { data: { json: { runId: string } } };
      error?: { json: { message: string; data?: { code?: string } } };
    };
    rec.started = now();
    if (!answer.result) {
      rec.error = answer.error?.json.message ?? `HTTP ${res.statusCode}`;
      rec.refused = answer.error?.json.data?.code === "TOO_MANY_REQUESTS" || /busy/.test(rec.error);
      return rec;
    }
    rec.runId = answer.result.data.json.runId;
    const input = encodeURIComponent(JSON.stringify({ json: { runId: rec.runId } }));
    const stream = await request(agent, `${job.url}/trpc/run.events?input=${input}`, token, "GET");
    rec.streamOpen = now();
    const timer = setTimeout(() => stream.destroy(new Error("timed out")), job.timeoutMs);
    let buffer = "";
    try {
      for await (const chunk of stream) {
        buffer += chunk;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          const data = frame
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("\n");
          if (!data) continue;
          const event = (JSON.parse(data) as { json?: { type?: string; data?: string; result?: { verdict: string } } }).json;
          if (!event?.type || event.type === "queue") continue;
          rec.firstEvent ??= now();
          if (event.type === "stdout") {
            rec.firstOutput ??= now();
            rec.stdout += event.data ?? "";
          }
          if (event.type === "end") {
            rec.end = now();
            rec.verdict = event.result?.verdict ?? null;
            stream.destroy();
            return rec;
          }
        }
      }
      rec.error = "the stream ended before the run did";
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    rec.error = (e as Error).message;
  } finally {
    agent.destroy();
  }
  return rec;
}

process.on("message", async (job: StormJob) => {
  const records = await Promise.all(job.tokens.map((t) => student(job, t)));
  process.send!(records, () => process.exit(0));
});
