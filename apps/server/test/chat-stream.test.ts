import { describe, expect, test } from "vitest";
import { browser, signUpVerified, useServer } from "./helpers.ts";

const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;
type Browser = ReturnType<typeof browser>;

let seq = 0;
async function member(name: string) {
  const b = browser(base);
  const email = `${name.toLowerCase()}-${Date.now().toString(36)}${seq++}@school.test`;
  await signUpVerified(server, b, { name, email, password: "a-long-enough-password" });
  return { b, email };
}

/** A live session of a fresh course with its instructor and two enrolled students, all signed in over HTTP. */
async function liveSession() {
  const teacher = await member("Teacher");
  await server.platform.db.$client`update "user" set role = 'instructor' where email = ${teacher.email}`;
  const course = (await teacher.b.mutate("course.create", { code: `CHAT-${Date.now().toString(36)}${seq++}`, title: "Chat" })).body.result!
    .data.json;
  const amy = await member("Amy");
  const ben = await member("Ben");
  for (const s of [amy, ben]) await teacher.b.mutate("enrollment.add", { courseId: course.id, email: s.email });
  const session = (
    await teacher.b.mutate("session.create", {
      courseId: course.id,
      title: "Lecture",
      startsAt: new Date().toISOString(),
      durationMinutes: 60,
    })
  ).body.result!.data.json;
  // superjson would send a Date; the plain JSON string is coerced by the input schema.
  expect((await teacher.b.mutate("session.start", { sessionId: session.id })).body.result!.data.json.status).toBe("live");
  return {
    teacher: teacher.b,
    amy: amy.b,
    ben: ben.b,
    sessionId: session.id as string,
    emails: { teacher: teacher.email, ben: ben.email },
  };
}

/** One message of a tRPC event stream: its id (tracked ones) and superjson's `json`. */
type Message = { id: string | undefined; data: any };

/** Opens a subscription over real SSE; `next()` gives its data messages one by one (connection messages and pings left out). */
async function subscribe(b: Browser, path: string, input: unknown) {
  const res = await b.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { accept: "text/event-stream" });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let pending: ReturnType<typeof reader.read> | null = null;
  return {
    async next(timeoutMs = 10_000): Promise<Message> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = block.match(/^event: ?(.*)$/m)?.[1];
          const data = block.match(/^data: ?(.*)$/m)?.[1];
          if (!data || event === "connected" || event === "ping") continue;
          if (event === "serialized-error") throw new Error(`stream error: ${data}`);
          return { id: block.match(/^id: ?(.*)$/m)?.[1], data: (JSON.parse(data) as { json: unknown }).json };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no message on ${path} within ${timeoutMs} ms`);
        // A read that outlives a timeout is kept for the next call, so no chunk is dropped.
        pending ??= reader.read();
        let timer: NodeJS.Timeout | undefined;
        const read = await Promise.race([
          pending,
          new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left))),
        ]).finally(() => clearTimeout(timer));
        if (read === "timeout") continue;
        pending = null;
        if (read.done) throw new Error(`${path} ended`);
        buffer += read.value;
      }
    },
    /** Resolves with nothing if no data message comes within `ms`; fails if one does. */
    async quiet(ms: number) {
      const got = await this.next(ms).catch((e: Error) => (/within/.test(e.message) ? null : Promise.reject(e)));
      expect(got).toBeNull();
    },
    close: () => reader.cancel(),
  };
}

const say = async (b: Browser, sessionId: string, body: string, toStaff = false) => {
  const res = await b.mutate("chat.send", { sessionId, body, toStaff });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result!.data.json as { id: number; seq: number; body: string };
};

describe("chat.events over SSE", () => {
  test("a client that reconnects with lastEventId receives exactly what it missed, in order, with no duplicates", async () => {
    const { teacher, amy, ben, sessionId } = await liveSession();
    await say(teacher, sessionId, "before Amy joined");
    // History on join, then the stream from the page's cursor.
    const page = (await amy.query("chat.history", { sessionId })).body.result!.data.json;
    expect(page.messages.map((m: { body: string }) => m.body)).toEqual(["before Amy joined"]);
    const first = await subscribe(amy, "chat.events", { sessionId, lastEventId: page.cursor });
    const seen: Message[] = [];
    const hello = await say(teacher, sessionId, "hello");
    const hi = await say(ben, sessionId, "hi everyone");
    seen.push(await first.next(), await first.next());
    expect(seen.map((m) => m.data.body)).toEqual(["hello", "hi everyone"]);
    expect(seen.map((m) => m.id)).toEqual([String(hello.seq), String(hi.seq)]);
    await first.close();

    // While Amy is away: messages, a private one to staff, and a deletion.
    const missed1 = await say(ben, sessionId, "what is a closure?");
    await say(ben, sessionId, "(private) I am lost", true);
    const missed2 = await say(teacher, sessionId, "a function with its scope");
    const deleted = (await teacher.mutate("chat.delete", { sessionId, messageId: hi.id })).body.result!.data.json;

    const again = await subscribe(amy, "chat.events", { sessionId, lastEventId: seen.at(-1)!.id });
    const resumed = [await again.next(), await again.next(), await again.next()];
    expect(resumed.map((m) => [m.data.id, m.data.body, m.data.deleted])).toEqual([
      [missed1.id, "what is a closure?", false],
      [missed2.id, "a function with its scope", false],
      [hi.id, null, true],
    ]);
    expect(resumed.map((m) => m.id)).toEqual([String(missed1.seq), String(missed2.seq), String(deleted.seq)]);
    // Nothing else was missed, and nothing already seen comes again.
    await again.quiet(500);
    const live = await say(amy, sessionId, "thanks!");
    const next = await again.next();
    expect([next.id, next.data.body]).toEqual([String(live.seq), "thanks!"]);
    await again.close();

    // The teacher, from the start, sees everything including the private message, each once, in change order.
    const staff = await subscribe(teacher, "chat.events", { sessionId });
    const all: Message[] = [];
    for (let i = 0; i < 7; i++) all.push(await staff.next());
    expect(all.map((m) => m.data.body)).toEqual([
      "before Amy joined",
      "hello",
      "what is a closure?",
      "(private) I am lost",
      "a function with its scope",
      null,
      "thanks!",
    ]);
    expect(all[5]!.data).toMatchObject({ id: hi.id, deleted: true });
    await staff.quiet(200);
    await staff.close();
  });

  test("messages sent at once by several members all arrive once, in change order", async () => {
    const { teacher, amy, ben, sessionId } = await liveSession();
    const stream = await subscribe(teacher, "chat.events", { sessionId });
    const sent = await Promise.all([teacher, amy, ben].flatMap((b, who) => [1, 2, 3, 4].map((i) => say(b, sessionId, `${who}:${i}`))));
    const got: Message[] = [];
    for (let i = 0; i < sent.length; i++) got.push(await stream.next());
    const ids = got.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(sent.length);
    expect(got.map((m) => m.data.body).sort()).toEqual(sent.map((m) => m.body).sort());
    await stream.quiet(300);
    await stream.close();
  });

  test("an outsider's stream is refused", async () => {
    const { sessionId } = await liveSession();
    const outsider = (await member("Olly")).b;
    const res = await outsider.get(`/trpc/chat.events?input=${encodeURIComponent(JSON.stringify({ json: { sessionId } }))}`, {
      accept: "text/event-stream",
    });
    const text = await res.text();
    expect(text).toMatch(/FORBIDDEN/);
    expect(text).not.toMatch(/"body"/);
  });
});

describe("hands over SSE", () => {
  test("staff follow the queue in the order hands went up; a student sees their place; lower all empties it", async () => {
    const { teacher, amy, ben, sessionId } = await liveSession();
    const staff = await subscribe(teacher, "hands.events", { sessionId });
    expect((await staff.next()).data.queue).toEqual([]);
    const amyView = await subscribe(amy, "hands.events", { sessionId });
    expect((await amyView.next()).data).toMatchObject({ queue: null, mine: { raised: false } });

    await amy.mutate("hands.raise", { sessionId });
    expect((await staff.next()).data.queue.map((h: { name: string }) => h.name)).toEqual(["Amy"]);
    expect((await amyView.next()).data.mine).toMatchObject({ raised: true, position: 1 });
    await ben.mutate("hands.raise", { sessionId });
    const both = (await staff.next()).data.queue;
    expect(both.map((h: { name: string; position: number }) => [h.name, h.position])).toEqual([
      ["Amy", 1],
      ["Ben", 2],
    ]);
    // Ben's hand changes nothing in Amy's view, so she is not told anything.
    await amyView.quiet(300);

    const lowered = await teacher.mutate("hands.lowerAll", { sessionId });
    expect(lowered.body.result!.data.json).toMatchObject({ lowered: 2, queue: [] });
    expect((await staff.next()).data.queue).toEqual([]);
    expect((await amyView.next()).data.mine).toEqual({ raised: false });
    const refused = await amy.mutate("hands.lowerAll", { sessionId });
    expect(refused.body.error!.json.data.code).toBe("FORBIDDEN");
    await staff.close();
    await amyView.close();
  });

  test("reactions reach everyone following the session", async () => {
    const { teacher, amy, sessionId } = await liveSession();
    const stream = await subscribe(teacher, "reactions.events", { sessionId });
    // The stream is open once its connection message came; a reaction sent now reaches it.
    await new Promise((r) => setTimeout(r, 200));
    const sent = (await amy.mutate("reactions.send", { sessionId, emoji: "👏" })).body.result!.data.json;
    expect((await stream.next()).data).toEqual(sent);
    await stream.close();
  });
});

describe("streams end with the session they were opened with", () => {
  test("signed out, banned, or given another role: that member's open streams end UNAUTHORIZED within seconds; the others' go on", async () => {
    const { teacher, amy, ben, sessionId, emails } = await liveSession();
    const db = server.platform.db;
    const open = async (b: Browser, path = "chat.events") => {
      const s = await subscribe(b, path, { sessionId });
      if (path === "hands.events") await s.next();
      return s;
    };
    const [amyChat, amyHands, benChat, teacherChat] = [
      await open(amy),
      await open(amy, "hands.events"),
      await open(ben),
      await open(teacher),
    ];
    await new Promise((r) => setTimeout(r, 200));
    await say(teacher, sessionId, "first");
    for (const s of [amyChat, benChat, teacherChat]) expect((await s.next()).data.body).toBe("first");

    // Amy signs out in another tab: both of her streams end, whatever they follow.
    expect((await amy.post("/api/auth/sign-out", {})).status).toBe(200);
    for (const s of [amyChat, amyHands])
      await expect(s.next(10_000)).rejects.toThrow(
        /stream error: .*"you signed out, or your session was revoked: sign in again".*"UNAUTHORIZED"/,
      );
    // Ben's goes on.
    await say(teacher, sessionId, "second");
    expect((await benChat.next()).data.body).toBe("second");

    // Ben is banned by an administrator (his session row stays): his stream ends too.
    await db.$client`update "user" set banned = true where email = ${emails.ben}`;
    await expect(benChat.next(10_000)).rejects.toThrow(/stream error: .*"your account is banned: ask an administrator".*"UNAUTHORIZED"/);

    // The teacher loses the instructor role: the stream opened with it ends; a new one is opened with the new role.
    expect((await teacherChat.next()).data.body).toBe("second");
    await db.$client`update "user" set role = 'student' where email = ${emails.teacher}`;
    await expect(teacherChat.next(10_000)).rejects.toThrow(/stream error: .*"your role changed: reload the page".*"UNAUTHORIZED"/);
    const reopened = await subscribe(teacher, "chat.events", { sessionId });
    expect((await reopened.next()).data.body).toBe("first");
    await reopened.close();
    // Three waits of up to one re-check period (5 s) each.
  }, 60_000);
});
