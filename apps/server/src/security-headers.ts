import type http from "node:http";

export interface SecurityHeaderOptions {
  /** Development (Vite's dev server) needs inline scripts for React Fast Refresh. */
  dev: boolean;
  /** Origins the pages are served from (their ws:/wss: twins are allowed to connect). */
  origins: string[];
  /** Other servers the pages connect to: the LiveKit server's URL (see `connectSourcesOf`). */
  connect?: string[];
}

/**
 * A server URL as CSP connect sources: its WebSocket origin and its HTTP twin (LiveKit's client
 * signals over ws:/wss: and, when that fails, asks http(s)://…/rtc/validate why). Nothing for an
 * IPv6 literal, which CSP host sources cannot spell.
 */
export function connectSourcesOf(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (u.hostname.startsWith("[")) return [];
  const secure = u.protocol === "wss:" || u.protocol === "https:";
  return [`${secure ? "wss" : "ws"}://${u.host}`, `${secure ? "https" : "http"}://${u.host}`];
}

/**
 * Headers on every response: a Content-Security-Policy that lets the app load only its own
 * scripts and connect only to its own origin (and the LiveKit server, when video is set up), no framing by other sites (clickjacking), no
 * MIME sniffing, and no referrer leaking to other sites. HSTS when served over HTTPS.
 */
export function securityHeaders({ dev, origins, connect = [] }: SecurityHeaderOptions): Record<string, string> {
  // CSP host sources cannot spell IPv6 literals ("[::1]"); 'self' covers the page's own origin.
  const sockets = [
    ...new Set([...origins.filter((o) => !o.includes("[")).map((o) => o.replace(/^http/, "ws")), ...connect.flatMap(connectSourcesOf)]),
  ];
  const csp = [
    "default-src 'self'",
    // Vite's dev server injects the React Fast Refresh preamble as an inline module script.
    `script-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    // Monaco, xterm and Mantine set style attributes.
    "style-src 'self' 'unsafe-inline'",
    // Avatars may come from the OAuth provider (https) or be pasted as data URLs.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${sockets.join(" ")}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()",
  };
  if (origins.every((o) => o.startsWith("https://"))) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** Sets the headers on a response before any handler writes it. */
export function applySecurityHeaders(res: http.ServerResponse, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
