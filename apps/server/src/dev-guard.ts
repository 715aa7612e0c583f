import type http from "node:http";
import { isFileServingAllowed, type ViteDevServer } from "vite";

/**
 * What Vite's development server must not be asked, checked before it sees the request:
 * paths that climb out of the web root (`/../..`, also percent-encoded), and files outside
 * the allow list of apps/web/vite.config.ts reached through `/@fs/` or `/@id/`. Returns the
 * status to answer with, or null to let Vite serve it.
 */
export function devRequestRefusal(rawUrl: string, vite: ViteDevServer): 400 | 403 | null {
  const rawPath = rawUrl.split(/[?#]/)[0] ?? "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 400;
  }
  if (decoded.includes("\\") || decoded.includes("\0") || decoded.split("/").some((part) => part === ".." || part === ".")) return 400;
  const absolute = decoded.startsWith("/@fs/") ? decoded : decoded.startsWith("/@id//") ? `/@fs/${decoded.slice("/@id//".length)}` : null;
  if (absolute && !isFileServingAllowed(absolute, vite)) return 403;
  return null;
}

/** Vite's own 403 page lists the allowed folders (the repository's path): answer a bare "Forbidden" instead. */
export function hideForbiddenDetails(res: http.ServerResponse) {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.write = ((...args: unknown[]) => (res.statusCode === 403 ? true : write(...args))) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (res.statusCode !== 403) return end(...args);
    if (!res.headersSent) res.setHeader("content-type", "text/plain; charset=utf-8");
    return end("Forbidden");
  }) as typeof res.end;
}
