// The bubblewrap driver's launcher: a small Node process that starts the sandboxes and the host
// commands (mount, umount) for the server, so that the server never forks. A fork copies the
// forking process's page tables and blocks its event loop meanwhile: about 10 ms for a server
// of 250 MB, 20 ms for 600 MB, on every run; this process stays at a few tens of MB.
//
// Plain JavaScript, run by `node` itself (no loader), with an environment of PATH only. Protocol
// (Node IPC, see launcher.ts):
//   in:  {op: "spawn", id, file, args, env, fds, inputs: [{fd, data (base64)}], pass: [fd...]}
//        {op: "kill", id, signal}
//        {op: "run", id, file, args, timeoutMs}
//   out: {op: "handle", id, fd} with the socket of the child's fd, once for each fd in `pass`
//        {op: "spawned", id, pid} | {op: "failed", id, message}
//        {op: "exit", id, code, signal}
//        {op: "ran", id, code, signal, stdout, stderr} | {op: "failed", id, message}
import { execFile, spawn } from "node:child_process";

const children = new Map();
const send = (message, handle) => {
  if (process.connected) process.send(message, handle);
};

function start(m) {
  let child;
  try {
    child = spawn(m.file, m.args, { stdio: Array.from({ length: m.fds }, () => "pipe"), env: m.env, cwd: "/" });
  } catch (e) {
    send({ op: "failed", id: m.id, message: e.message });
    return;
  }
  if (child.pid === undefined) {
    child.once("error", (e) => send({ op: "failed", id: m.id, message: e.message }));
    return;
  }
  children.set(m.id, child);
  child.once("exit", (code, signal) => {
    children.delete(m.id);
    send({ op: "exit", id: m.id, code, signal });
  });
  const streams = [...child.stdio];
  for (const stream of streams) stream?.on("error", () => {});
  for (const input of m.inputs) streams[input.fd].end(Buffer.from(input.data, "base64"));
  for (const fd of m.pass) {
    // These are the server's to read, and this process must never read them: node starts reading
    // a child's output pipes at once, and drains unread ones when the child exits; the sockets go
    // one at a time (each waits for the server's acknowledgement), so what was read here meanwhile
    // (a sandbox's ready line, a short program's whole output) would be lost with this copy.
    const handle = streams[fd]._handle;
    if (handle) {
      handle.reading = false;
      handle.readStop();
    }
    // Nor drained or destroyed by node when the child exits, which may happen before a socket
    // queued behind another spawn's has gone out (it would then go out without its handle).
    child.stdio[fd] = null;
    if (fd === 0) child.stdin = null;
    if (fd === 1) child.stdout = null;
    if (fd === 2) child.stderr = null;
  }
  // Each socket is closed here once it has been sent: the server holds the only copy.
  for (const fd of m.pass) send({ op: "handle", id: m.id, fd }, streams[fd]);
  send({ op: "spawned", id: m.id, pid: child.pid });
}

function run(m) {
  execFile(
    m.file,
    m.args,
    { env: m.env, cwd: "/", timeout: m.timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 20 },
    (err, stdout, stderr) => {
      if (err && typeof err.code !== "number" && !err.signal) send({ op: "failed", id: m.id, message: err.message });
      else
        send({
          op: "ran",
          id: m.id,
          code: err ? (typeof err.code === "number" ? err.code : null) : 0,
          signal: err?.signal ?? null,
          stdout,
          stderr,
        });
    },
  );
}

process.on("message", (m) => {
  if (m.op === "spawn") start(m);
  else if (m.op === "kill") children.get(m.id)?.kill(m.signal);
  else if (m.op === "run") run(m);
});

// The server is gone (or closed us): nothing we started outlives it.
process.on("disconnect", () => {
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(0);
});
