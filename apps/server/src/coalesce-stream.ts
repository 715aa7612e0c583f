/**
 * Joins the chunks a response stream is given within one turn of the event loop into one, so the
 * socket gets one write for them. tRPC's event streams enqueue each event as three or four chunks
 * ("data: …", "id: …", the blank line), and each became a write of its own: with 200 students
 * following a chat, a message cost the server some 600 socket writes, one after another, and the
 * last student waited for all of them. Nothing waits longer than the turn it was written in.
 */
export function coalesceChunks(maxBytes = 64 * 1024): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let bytes = 0;
  let scheduled = false;
  let controller: TransformStreamDefaultController<Uint8Array>;
  const send = () => {
    scheduled = false;
    if (parts.length === 0) return;
    const one = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    bytes = 0;
    try {
      controller.enqueue(one);
    } catch {
      // The reader has gone (a closed tab): nothing to send to.
    }
  };
  return new TransformStream({
    start(c) {
      controller = c;
    },
    transform(chunk) {
      parts.push(chunk);
      bytes += chunk.byteLength;
      // A producer that writes much in one turn is passed on at once: held here, it would not
      // feel the reader's backpressure.
      if (bytes >= maxBytes) return send();
      if (!scheduled) {
        scheduled = true;
        setImmediate(send);
      }
    },
    flush() {
      send();
    },
  });
}

/** The response with its body's chunks joined per turn (see coalesceChunks) when it is an event stream. */
export function coalesceEventStream(res: Response): Response {
  if (!res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) return res;
  return new Response(res.body.pipeThrough(coalesceChunks()), { status: res.status, statusText: res.statusText, headers: res.headers });
}
