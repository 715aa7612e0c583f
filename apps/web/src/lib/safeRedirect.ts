/**
 * The in-app path to return to after signing in, from a `?next=` value. Only same-origin
 * paths are accepted, so a crafted link cannot send someone to another site.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  const sameOrigin = next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
  return sameOrigin && next ? next : fallback;
}

/** `path` with `?next=` set to the given return path, unless that is the home page. */
export function withNext(path: string, next: string): string {
  return next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`;
}
