import net from "node:net";
import { createDatabaseProbe } from "@codeclass/db";
import { describe, expect, test } from "vitest";

// /healthz's database check (createDatabaseProbe): a database that takes the connection and never
// answers is reported within the probe's time, and probes asked meanwhile share one question.
describe("the database probe behind /healthz", () => {
  test("a database that never answers fails the check within its time; probes asked meanwhile share one connection", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const probe = createDatabaseProbe(`postgres://nobody:secret@127.0.0.1:${port}/none`, { timeoutMs: 300 });
    try {
      const checks = Array.from({ length: 20 }, () => probe.check());
      const outcomes = await Promise.allSettled(checks);
      for (const o of outcomes) {
        expect(o.status).toBe("rejected");
        expect(String((o as PromiseRejectedResult).reason)).toMatch(/did not answer within 300 ms/);
      }
      expect(sockets.length).toBe(1);
      // The next probe asks again (an answer is not kept), on a new connection: the one that
      // stopped answering would hold it behind its query.
      await expect(probe.check()).rejects.toThrow(/did not answer within 300 ms/);
      expect(sockets.length).toBe(2);
    } finally {
      silent.close();
      await probe.close().catch(() => {});
      for (const s of sockets) s.destroy();
    }
  }, 20_000);
});
