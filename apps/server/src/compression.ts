import zlib from "node:zlib";
import type { MiddlewareHandler } from "hono";

/** Responses smaller than this are sent as they are: compressing them saves less than it costs. */
export const compressThreshold = 1024;

/** Text types worth compressing; never `text/event-stream` (see `compressResponses`). */
const compressible = /^\s*(text\/(html|css|plain|javascript)|application\/(json|javascript|manifest\+json)|image\/svg\+xml)\b/i;

type Encoding = "br" | "gzip";

/** The encoding to use from an Accept-Encoding header: brotli, else gzip, honouring q=0. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    q.set(name, qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  const accepted = (name: Encoding) => (q.get(name) ?? q.get("*") ?? 0) > 0;
  if (accepted("br")) return "br";
  if (accepted("gzip")) return "gzip";
  return null;
}

/**
 * A compressor that flushes after every chunk it is given, so a streamed response (tRPC's
 * streamed batches send each result as soon as it is ready) arrives as promptly as uncompressed.
 */
function flushingCompressor(encoding: Encoding): TransformStream<Uint8Array, Uint8Array> {
  const z =
    encoding === "br" ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }) : zlib.createGzip({ level: 6 });
  // Once the reader has gone (a closed tab, a navigation) the compressor may still emit: drop it.
  let open = true;
  let failure: Error | null = null;
  z.on("error", (err) => {
    failure = err;
  });
  return new TransformStream({
    start(controller) {
      z.on("data", (data: Buffer) => {
        if (!open) return;
        try {
          controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        } catch {
          open = false;
          z.destroy();
        }
      });
    },
    transform(chunk) {
      if (failure) throw failure;
      return new Promise<void>((resolve) => {
        z.write(chunk);
        z.flush(encoding === "br" ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH, () => resolve());
      });
    },
    flush() {
      if (failure) throw failure;
      return new Promise<void>((resolve, reject) => {
        z.once("end", resolve);
        z.once("error", reject);
        z.end();
      });
    },
    cancel() {
      open = false;
      z.destroy();
    },
  });
}

/**
 * Compresses dynamic text responses (JSON, HTML) of a kilobyte or more with brotli or gzip, as the
 * client accepts: answers of unknown length in one go, files and tRPC's streamed batches chunk by
 * chunk as they come. Server-sent events are never compressed: a compressor holds back bytes until
 * it has enough, and subscriptions would stop arriving. Responses that already carry an encoding
 * (precompressed files) pass untouched.
 */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get("content-type") ?? "";
    if (!compressible.test(type) || /event-stream/i.test(type)) return;
    if (c.req.method === "HEAD" || res.status === 206 || res.status === 204 || res.status === 304 || !res.body) return;
    if (res.headers.has("content-encoding") || /no-transform/i.test(res.headers.get("cache-control") ?? "")) return;
    const length = res.headers.get("content-length");
    if (length !== null && Number(length) < compressThreshold) return;
    const vary = res.headers.get("vary");
    if (!vary || !/\baccept-encoding\b/i.test(vary)) res.headers.set("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    const encoding = chooseEncoding(c.req.header("accept-encoding"));
    if (!encoding) return;
    if (length === null && !streamedBatch(c.req.raw.headers)) {
      // A whole answer of unknown length (a tRPC call but the web client's streamed batches, an
      // auth answer: bodies already whole in memory): its size is known once read, so a small one
      // goes out as it is, and a large one is compressed in one go on the thread pool. A streaming
      // compressor per answer cost the event loop a brotli encoder (and its garbage) for every few
      // hundred bytes a class's answers and sign-ins send. Files say their length and stream.
      const body = new Uint8Array(await res.arrayBuffer());
      const packed = body.byteLength >= compressThreshold ? await compressWhole(body, encoding) : null;
      c.res = new Response(packed ?? body, res);
      c.res.headers.set("content-length", String((packed ?? body).byteLength));
      if (packed) markEncoded(c.res.headers, encoding);
      return;
    }
    // Hono copies the old response's headers onto the new one: adjust them after the swap.
    c.res = new Response(res.body.pipeThrough(flushingCompressor(encoding)), res);
    c.res.headers.delete("content-length");
    markEncoded(c.res.headers, encoding);
  };
}

/** Whether the client asked tRPC for a streamed batch: a JSON line per result as soon as it is ready. */
function streamedBatch(headers: Headers): boolean {
  const accept = headers.get("trpc-accept") ?? headers.get("accept") ?? "";
  return accept.split(",").some((t) => t.trim() === "application/jsonl");
}

function compressWhole(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === "br") zlib.brotliCompress(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }, done);
    else zlib.gzip(body, { level: 6 }, done);
  });
}

function markEncoded(headers: Headers, encoding: Encoding): void {
  headers.set("content-encoding", encoding);
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
}
