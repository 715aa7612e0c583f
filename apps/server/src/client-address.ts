import { isIP } from "node:net";

/**
 * The client's address for rate limits, sign-in throttles and the audit log. Without a trusted
 * proxy, the socket's. Behind one (TRUST_PROXY), the address that proxy appended: the right-most
 * X-Forwarded-For entry. The entries before it are whatever the client sent (a client that writes
 * its own header would otherwise pick the address it is counted under). An entry that is not an IP
 * address counts as no header.
 */
export function clientAddress(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustProxy: boolean): string {
  const socket = socketAddress || "unknown";
  if (!trustProxy || forwardedFor === undefined) return socket;
  const last = [forwardedFor].flat().join(",").split(",").at(-1)?.trim() ?? "";
  return isIP(last) ? last : socket;
}
