/**
 * A second Docker engine on this machine, for the tests of a sandbox host apart from the worker
 * (DOCKER_HOST): its own data root, exec root, containerd and sockets, listening on a unix socket
 * and on loopback TCP with TLS (client certificates required), and the sandbox image loaded into
 * it from the first engine. Its data root is kept between runs so the image is loaded once per
 * machine. Nothing leaves loopback.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";
import { defaultImage } from "../src/docker/provider.ts";
import { sleep } from "./helpers.ts";

const run = promisify(execFile);

export interface SecondDockerd {
  /** The engine's unix socket. */
  socket: string;
  /** Its TLS port on 127.0.0.1. */
  port: number;
  /** DOCKER_CERT_PATH of a client it accepts (ca.pem, cert.pem, key.pem). */
  clientCerts: string;
  /** DOCKER_CERT_PATH of a client whose certificate another CA signed (it trusts the engine's CA). */
  strangerCerts: string;
  /** DOCKER_CERT_PATH of the accepted client's certificate, but with another CA's ca.pem (so it distrusts the engine). */
  wrongCaCerts: string;
  /** A client over the unix socket, for the test's own checks. */
  docker: Docker;
  stop(): Promise<void>;
}

const root = join(tmpdir(), "codeclass-dockerd2");

export async function startSecondDockerd(): Promise<SecondDockerd> {
  for (const dir of ["data", "exec", "certs"]) mkdirSync(join(root, dir), { recursive: true });
  const pidfile = join(root, "dockerd.pid");
  // One test run at a time uses it: another's (still alive) is waited for by its owner, not killed.
  const ownerFile = join(root, "owner");
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, "utf8")) : 0;
  if (owner > 0 && owner !== process.pid && alive(owner))
    throw new Error(`another test run (pid ${owner}) is using the second dockerd in ${root}: run this test again when it has finished`);
  await stopPid(pidfile); // a run that crashed left it running
  writeFileSync(ownerFile, String(process.pid));
  const certs = await makeCerts(join(root, "certs"));
  const socket = join(root, "docker.sock");
  const port = await freePort();
  // Its own (empty) configuration: nothing of the first engine's /etc/docker/daemon.json.
  const config = join(root, "daemon.json");
  writeFileSync(config, "{}\n");
  const log = openSync(join(root, "dockerd.log"), "w");
  const daemon = spawn(
    "dockerd",
    [
      `--data-root=${join(root, "data")}`,
      `--exec-root=${join(root, "exec")}`,
      `--pidfile=${pidfile}`,
      `--host=unix://${socket}`,
      `--host=tcp://127.0.0.1:${port}`,
      "--tlsverify",
      `--tlscacert=${join(certs.server, "ca.pem")}`,
      `--tlscert=${join(certs.server, "cert.pem")}`,
      `--tlskey=${join(certs.server, "key.pem")}`,
      "--bridge=none",
      "--iptables=false",
      "--ip-forward=false",
      "--ip-masq=false",
      `--config-file=${config}`,
    ],
    { stdio: ["ignore", log, log], detached: true },
  );
  daemon.unref();
  const docker = new Docker({ socketPath: socket });
  const until = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`the second dockerd exited: ${tail()}`);
    try {
      await docker.ping();
      break;
    } catch {
      if (Date.now() > until) throw new Error(`the second dockerd did not answer within 60 s: ${tail()}`);
      await sleep(200);
    }
  }
  await loadImage(new Docker({ socketPath: "/var/run/docker.sock" }), docker);
  return {
    socket,
    port,
    clientCerts: certs.client,
    strangerCerts: certs.stranger,
    wrongCaCerts: certs.wrongCa,
    docker,
    stop: async () => {
      await stopPid(pidfile);
      rmSync(ownerFile, { force: true });
    },
  };
}

function tail(): string {
  try {
    return readFileSync(join(root, "dockerd.log"), "utf8").trim().split("\n").slice(-10).join("\n");
  } catch {
    return "(no log)";
  }
}

/** The first engine's sandbox image, copied into the second unless it holds the same one already. */
async function loadImage(from: Docker, to: Docker) {
  const want = (await from.getImage(defaultImage).inspect()).Id;
  const have = await to
    .getImage(defaultImage)
    .inspect()
    .then((i) => i.Id)
    .catch(() => null);
  if (have === want) return;
  const tar = await from.getImage(defaultImage).get();
  const answer = await to.loadImage(tar);
  await new Promise<void>((resolve, reject) => to.modem.followProgress(answer, (e) => (e ? reject(e) : resolve())));
  const loaded = (await to.getImage(defaultImage).inspect()).Id;
  if (loaded !== want) throw new Error(`the second dockerd holds ${loaded}, not the sandbox image ${want}`);
}

async function stopPid(pidfile: string) {
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, "utf8").trim());
  if (pid > 0 && alive(pid)) {
    process.kill(pid, "SIGTERM");
    const until = Date.now() + 30_000;
    while (alive(pid) && Date.now() < until) await sleep(100);
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidfile, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away CA, the engine's certificate (for 127.0.0.1), a client certificate it signs, and a
 * client certificate of another CA: made fresh for each run, valid for two days.
 */
async function makeCerts(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  const server = join(dir, "server");
  const client = join(dir, "client");
  const stranger = join(dir, "stranger");
  const work = join(dir, "work");
  for (const d of [server, client, stranger, work]) mkdirSync(d, { recursive: true });
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ca = async (name: string) => {
    await run("openssl", [
      "req",
      "-x509",
      ...key,
      "-keyout",
      join(work, `${name}-key.pem`),
      "-out",
      join(work, `${name}.pem`),
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ]);
  };
  const signed = async (name: string, by: string, ext: string, outDir: string) => {
    const extFile = join(work, `${name}.ext`);
    writeFileSync(extFile, ext);
    await run("openssl", ["req", ...key, "-keyout", join(outDir, "key.pem"), "-out", join(work, `${name}.csr`), "-subj", `/CN=${name}`]);
    await run("openssl", [
      "x509",
      "-req",
      "-in",
      join(work, `${name}.csr`),
      "-CA",
      join(work, `${by}.pem`),
      "-CAkey",
      join(work, `${by}-key.pem`),
      "-CAcreateserial",
      "-out",
      join(outDir, "cert.pem"),
      "-days",
      "2",
      "-extfile",
      extFile,
    ]);
  };
  await ca("codeclass-test-ca");
  await ca("codeclass-other-ca");
  await signed("127.0.0.1", "codeclass-test-ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", server);
  await signed("codeclass-worker", "codeclass-test-ca", "extendedKeyUsage=clientAuth\n", client);
  await signed("codeclass-stranger", "codeclass-other-ca", "extendedKeyUsage=clientAuth\n", stranger);
  for (const d of [server, client, stranger]) writeFileSync(join(d, "ca.pem"), readFileSync(join(work, "codeclass-test-ca.pem")));
  const wrongCa = join(dir, "wrong-ca");
  mkdirSync(wrongCa);
  writeFileSync(join(wrongCa, "ca.pem"), readFileSync(join(work, "codeclass-other-ca.pem")));
  for (const f of ["cert.pem", "key.pem"]) writeFileSync(join(wrongCa, f), readFileSync(join(client, f)));
  return { server, client, stranger, wrongCa };
}
