import { describe, expect, test } from "vitest";
import { coalesceChunks, coalesceEventStream } from "../src/coalesce-stream.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const nextTurn = () => new Promise((r) => setImmediate(r));

// An event stream's chunks written in one turn reach the socket as one write (coalesce-stream.ts).
describe("event stream chunks joined per turn", () => {
  test("chunks written in one turn come out as one; a later turn's come out on their own, without waiting for more", async () => {
    const { readable, writable } = coalesceChunks();
    const writer = writable.getWriter();
    const reader = readable.getReader();
    // As tRPC writes one event: its fields, then the blank line.
    void writer.write(bytes("data: {}\n"));
    void writer.write(bytes("id: 7\n"));
    void writer.write(bytes("\n\n"));
    const first = await reader.read();
    expect(text(first.value!)).toBe("data: {}\nid: 7\n\n\n");
    await nextTurn();
    void writer.write(bytes("data: 2\n\n"));
    expect(text((await reader.read()).value!)).toBe("data: 2\n\n");
    void writer.write(bytes("data: 3"));
    void writer.close();
    expect(text((await reader.read()).value!)).toBe("data: 3");
    expect((await reader.read()).done).toBe(true);
  });

  test("a reader that goes away cancels the stream it reads from", async () => {
    let cancelled: unknown = null;
    const source = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(bytes("data: x\n\n")),
      cancel: (why) => {
        cancelled = why ?? "cancelled";
      },
    });
    const res = coalesceEventStream(new Response(source, { headers: { "content-type": "text/event-stream" } }));
    const reader = res.body!.getReader();
    expect(text((await reader.read()).value!)).toMatch(/^(data: x\n\n)+$/);
    await reader.cancel("tab closed");
    expect(cancelled).toBe("tab closed");
  });

  test("only event streams are changed; status and headers are kept", async () => {
    const json = new Response("{}", { headers: { "content-type": "application/json" } });
    expect(coalesceEventStream(json)).toBe(json);
    const sse = new Response("data: 1\n\n", { status: 200, headers: { "content-type": "text/event-stream", "x-request-id": "r1" } });
    const out = coalesceEventStream(sse);
    expect(out).not.toBe(sse);
    expect([out.status, out.headers.get("x-request-id"), await out.text()]).toEqual([200, "r1", "data: 1\n\n"]);
  });
});
