import { describe, expect, test } from "vitest";
import { clientAddress, type TrustedProxies, trustedProxies } from "../src/client-address.ts";
import { loadEnv } from "../src/env.ts";

const trust = (value: string) => trustedProxies(value) as TrustedProxies;

describe("the client address behind a trusted proxy", () => {
  test("without TRUST_PROXY the header is ignored", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.2", trust("false"))).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.9", "10.0.0.2", trust(""))).toBe("10.0.0.2");
  });
  test("from a trusted proxy, the right-most entry (the proxy's), never one the client wrote in front", () => {
    expect(clientAddress("1.1.1.1, 203.0.113.9", "10.0.0.2", trust("true"))).toBe("203.0.113.9");
    expect(clientAddress(["1.1.1.1", "203.0.113.9"], "10.0.0.2", trust("true"))).toBe("203.0.113.9");
    expect(clientAddress("2001:db8::1", "10.0.0.2", trust("true"))).toBe("2001:db8::1");
  });
  test("no header, an empty one or an entry that is not an address: the socket's", () => {
    expect(clientAddress(undefined, "10.0.0.2", trust("true"))).toBe("10.0.0.2");
    expect(clientAddress("", "10.0.0.2", trust("true"))).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.9, evil", "10.0.0.2", trust("true"))).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.9,", "10.0.0.2", trust("true"))).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, trust("true"))).toBe("unknown");
  });
  test("true trusts the machine itself and private networks only: a client that reaches the server past the proxy names nobody", () => {
    const yes = trust("true");
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.9.8.7", "172.20.0.5", "192.168.1.1", "fd12::3", "::ffff:10.0.0.2"])
      expect(clientAddress("203.0.113.9", peer, yes), peer).toBe("203.0.113.9");
    for (const peer of ["198.51.100.7", "172.32.0.1", "2001:db8::5", "::ffff:198.51.100.7", "169.254.1.1"])
      expect(clientAddress("10.0.0.1", peer, yes), peer).toBe(peer);
  });
  test("a list trusts exactly its addresses and networks", () => {
    const list = trust("10.1.2.3, 10.8.0.0/16, fd00::/8");
    expect(clientAddress("203.0.113.9", "10.1.2.3", list)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "10.8.200.1", list)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "fd00::9", list)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "10.1.2.4", list)).toBe("10.1.2.4");
    expect(clientAddress("203.0.113.9", "127.0.0.1", list)).toBe("127.0.0.1");
  });
  test("a value that is not understood stops the server at start, naming what is wrong", () => {
    for (const [value, why] of [
      ["proxy.internal", /"proxy.internal" is not an IP address or network/],
      ["10.0.0.0/33", /"10.0.0.0\/33" has a bad prefix length/],
      ["10.0.0.0/8/1", /is not an IP address or network/],
    ] as const)
      expect(() => loadEnv({ TRUST_PROXY: value, BETTER_AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789" }), value).toThrow(why);
  });
});
