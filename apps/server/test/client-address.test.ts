import { describe, expect, test } from "vitest";
import { clientAddress } from "../src/client-address.ts";

describe("the client address behind a trusted proxy", () => {
  test("without TRUST_PROXY the header is ignored", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.2", false)).toBe("10.0.0.2");
  });
  test("with it, the right-most entry (the proxy's), never one the client wrote in front", () => {
    expect(clientAddress("1.1.1.1, 203.0.113.9", "10.0.0.2", true)).toBe("203.0.113.9");
    expect(clientAddress(["1.1.1.1", "203.0.113.9"], "10.0.0.2", true)).toBe("203.0.113.9");
    expect(clientAddress("2001:db8::1", "10.0.0.2", true)).toBe("2001:db8::1");
  });
  test("no header, an empty one or an entry that is not an address: the socket's", () => {
    expect(clientAddress(undefined, "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientAddress("", "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.9, evil", "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientAddress("203.0.113.9,", "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, true)).toBe("unknown");
  });
});
