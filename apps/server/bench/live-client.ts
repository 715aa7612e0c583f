/**
 * A share of `pnpm bench:live`'s students, in a child process so the measuring side is not
 * the bottleneck. Each student follows `chat.events` and `polls.events` over real HTTP SSE;
 * the parent (over IPC) learns when every stream is open, when each chat message and each
 * opened poll arrives (wall-clock ms, comparable across processes on one machine), and tells
 * the students when to answer a poll.
 */

interface Student {
  i: number;
  token: string;
}

type FromParent =
  | { type: "init"; base: string; sessionId: string; students: Student[] }
  | { type: "answer"; pollId: string; spreadMs: number }
  | { type: "stop" };

export type FromClient =
  | { type: "subscribed" }
  | { type: "chat"; k: number; at: number }
  | { type: "poll-open"; pollId: string; at: number }
  | { type: "answered"; answers: { i: number; postAt: number; doneAt: number; error: string | null }[] }
  | { type: "error"; message: string };

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromClient) => process.send!(m);
const abort = new AbortController();
let base = "";
let students: Student[] = [];

/** Opens a tRPC subscription over SSE; `onData` gets each data message's superjson `json`, `onOpen` the connection message. */
async function follow(token: string, proc: string, input: unknown, onOpen: () => void, onData: (data: any) => void) {
  const res = await fetch(`${base}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", origin: base },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`${proc}: HTTP ${res.status}`);
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = block.match(/^event: ?(.*)$/m)?.[1];
      const data = block.match(/^data: ?(.*)$/m)?.[1];
      if (event === "connected") onOpen();
      if (!data || event === "connected" || event === "ping") continue;
      if (event === "serialized-error") throw new Error(`${proc} stream error: ${data}`);
      onData((JSON.parse(data) as { json: unknown }).json);
    }
  }
}

function subscribeAll(sessionId: string) {
  let open = 0;
  const opened = () => {
    if (++open === students.length * 2) send({ type: "subscribed" });
  };
  const failed = (e: Error) => {
    if (!abort.signal.aborted) send({ type: "error", message: e.message });
  };
  for (const s of students) {
    follow(s.token, "chat.events", { sessionId }, opened, (m: { body: string }) => {
      const k = /^bench (\d+)$/.exec(m.body)?.[1];
      if (k !== undefined) send({ type: "chat", k: Number(k), at: now() });
    }).catch(failed);
    const seen = new Set<string>();
    follow(s.token, "polls.events", { sessionId }, opened, (p: { id: string; status: string }) => {
      if (p.status === "open" && !seen.has(p.id)) {
        seen.add(p.id);
        send({ type: "poll-open", pollId: p.id, at: now() });
      }
    }).catch(failed);
  }
}

/** Every student of this share answers, at once or spread at random over `spreadMs`; each answer's text names its student. */
async function answerAll(pollId: string, spreadMs: number) {
  const answers = await Promise.all(
    students.map(async (s) => {
      if (spreadMs > 0) await new Promise((r) => setTimeout(r, Math.random() * spreadMs));
      const postAt = now();
      let error: string | null = null;
      try {
        const res = await fetch(`${base}/trpc/polls.answer`, {
          method: "POST",
          headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json", origin: base },
          body: JSON.stringify({ json: { pollId, text: `s${s.i}` } }),
        });
        const body = (await res.json()) as { error?: { json: { message: string } } };
        if (!res.ok) error = body.error?.json.message ?? `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
      return { i: s.i, postAt, doneAt: now(), error };
    }),
  );
  send({ type: "answered", answers });
}

process.on("message", (m: FromParent) => {
  if (m.type === "init") {
    base = m.base;
    students = m.students;
    subscribeAll(m.sessionId);
  } else if (m.type === "answer") {
    void answerAll(m.pollId, m.spreadMs);
  } else if (m.type === "stop") {
    abort.abort();
    process.disconnect();
    setTimeout(() => process.exit(0), 100).unref();
  }
});
