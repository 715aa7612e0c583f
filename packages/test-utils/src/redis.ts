import { spawn } from "node:child_process";
import net from "node:net";
import { eventually } from "./eventually.ts";
import { freePort } from "./global-setup.ts";

/** redis-server from Debian on a free loopback port, nothing written to disk; fails (never skips) when it is missing. */
export async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const failed = new Promise<never>((_, reject) =>
    redis.once("error", (e) => reject(new Error(`redis-server could not start (install Debian's redis-server): ${e.message}`))),
  );
  const stop = () => void redis.kill("SIGKILL");
  try {
    await Promise.race([
      failed,
      eventually(async () => {
        await new Promise<void>((resolve, reject) => {
          const s = net.connect(port, "127.0.0.1", () => {
            s.end();
            resolve();
          });
          s.once("error", reject);
        });
      }, 10_000),
    ]);
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
