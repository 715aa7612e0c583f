import { BlockList, isIP } from "node:net";

/**
 * Which peers may name the client in X-Forwarded-For (TRUST_PROXY). `true` means the machine
 * itself and private networks (loopback, 10/8, 172.16/12, 192.168/16, fc00::/7): where a reverse
 * proxy in front of the server sits, and where a client from the internet does not connect from.
 * A list names the proxies' addresses or networks exactly (`10.1.2.3, 10.8.0.0/16, fd00::/8`).
 */
export type TrustedProxies = BlockList | null;

const privateNetworks: [string, number, "ipv4" | "ipv6"][] = [
  ["127.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["::1", 128, "ipv6"],
  ["fc00::", 7, "ipv6"],
];

/** The peers TRUST_PROXY names (see TrustedProxies), or the reason the value is not understood. */
export function trustedProxies(value: string | undefined): TrustedProxies | string {
  const v = (value ?? "").trim().toLowerCase();
  if (["", "0", "false", "no"].includes(v)) return null;
  const list = new BlockList();
  if (["1", "true", "yes"].includes(v)) {
    for (const [net, prefix, type] of privateNetworks) list.addSubnet(net, prefix, type);
    return list;
  }
  for (const entry of v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix, more] = entry.split("/");
    const type = isIP(address ?? "");
    if (!type || more !== undefined) return `"${entry}" is not an IP address or network (like 10.0.0.2 or 10.0.0.0/8)`;
    const family = type === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address!, family);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (type === 4 ? 32 : 128)) return `"${entry}" has a bad prefix length`;
      list.addSubnet(address!, bits, family);
    }
  }
  return list;
}

/** Whether `address` (a socket's, possibly an IPv4 address mapped into IPv6) is one of `trusted`. */
export function isTrusted(trusted: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return trusted.check(mapped, "ipv4");
  const type = isIP(address);
  return type !== 0 && trusted.check(address, type === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address for rate limits, sign-in throttles and the audit log. The socket's, unless
 * the socket's peer is a trusted proxy (TRUST_PROXY): then the address that proxy appended, the
 * right-most X-Forwarded-For entry. The entries before it are whatever the client sent (a client
 * that writes its own header would otherwise pick the address it is counted under), and a client
 * that reaches the server past the proxy is not trusted at all. An entry that is not an IP address
 * counts as no header.
 */
export function clientAddress(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trusted: TrustedProxies,
): string {
  const socket = socketAddress || "unknown";
  if (!trusted || forwardedFor === undefined || !isTrusted(trusted, socket)) return socket;
  const last = [forwardedFor].flat().join(",").split(",").at(-1)?.trim() ?? "";
  return isIP(last) ? last : socket;
}
