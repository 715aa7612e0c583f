/** True for 127.0.0.0/8 and ::1, in their IPv4, IPv6 and IPv4-mapped spellings. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a cookie-authenticated request that changes something must be refused, or null. A
 * browser sends the session cookie with a form or fetch from any site; it also sends Origin
 * (or at least Sec-Fetch-Site), which must then be one of ours. A client that sends neither
 * is not a browser, so no other site's page is behind it.
 */
export function cookieRequestRefusal(req: Request, trustedOrigins: string[]): string | null {
  if (safeMethods.has(req.method) || !req.headers.has("cookie") || req.headers.has("authorization")) return null;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    return trustedOrigins.includes(origin)
      ? null
      : `refused: this request came from a page of another site (${origin.slice(0, 100)}); Codeclass accepts changes only from its own pages`;
  }
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none")
    return "refused: this request came from a page of another site; Codeclass accepts changes only from its own pages";
  return null;
}
