import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { callerFor, enroll, makeCourse, makeSession, makeUser, type TestDatabase, testAuth, type UserRow } from "@codeclass/test-utils";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { type Extension, Server, type ServerConfiguration } from "@hocuspocus/server";
import { afterAll, afterEach, beforeAll } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { type CollabServer, type CollabServerOptions, createCollabServer } from "../src/index.ts";

/** A bare Hocuspocus server on loopback with only `extensions` (for tests of what leans on its internals). */
export async function startBareServer(extensions: Partial<Extension>[], options: Partial<ServerConfiguration> = {}) {
  const server = new Server({ port: 0, address: "127.0.0.1", quiet: true, stopOnSignals: false, extensions, ...options });
  await server.listen();
  return { server, url: `ws://127.0.0.1:${(server.address as AddressInfo).port}` };
}

/** The test database, its `execute` calls (one per statement a group commit sends) counted. */
export function countingStatements(t: TestDatabase) {
  let statements = 0;
  const db = new Proxy(t.db, {
    get: (target, key, receiver) =>
      key === "execute"
        ? (...args: Parameters<typeof t.db.execute>) => {
            statements++;
            return target.execute(...args);
          }
        : Reflect.get(target, key, receiver),
  });
  return {
    db,
    /** Statements since the last call. */
    take() {
      const n = statements;
      statements = 0;
      return n;
    },
  };
}

/** A real HTTP server on port 0 with the collab server on /collab, on the test file's database. */
export function useCollabServer(t: TestDatabase, options: Partial<CollabServerOptions> = {}) {
  const ctx = {} as { url: string; collab: CollabServer; http: http.Server };
  beforeAll(async () => {
    const { auth } = testAuth(t.db);
    ctx.collab = createCollabServer({
      db: t.db,
      auth,
      snapshotDebounceMs: 100,
      snapshotMaxDebounceMs: 500,
      accessRecheckMs: 300,
      ...options,
    });
    ctx.http = http.createServer((_req, res) => res.writeHead(404).end());
    ctx.http.on("upgrade", (req, socket, head) =>
      req.url?.startsWith("/collab") ? ctx.collab.handleUpgrade(req, socket, head) : socket.destroy(),
    );
    await new Promise<void>((resolve) => ctx.http.listen(0, "127.0.0.1", resolve));
    ctx.url = `ws://127.0.0.1:${(ctx.http.address() as AddressInfo).port}/collab`;
  });
  afterAll(async () => {
    await ctx.collab?.close();
    await new Promise((r) => ctx.http?.close(r));
  });
  return ctx;
}

/** Everything opened in a test is destroyed after it. */
const opened: { destroy(): void }[] = [];
export function useCleanup() {
  afterEach(() => {
    for (const o of opened.splice(0).reverse()) o.destroy();
  });
}

/** The test auth's secret (testAuth in @codeclass/test-utils), to sign session cookies as better-auth does. */
const testSecret = "test-secret-test-secret-test-secret-0123";

/**
 * A browser's Cookie header for a session token: better-auth's signed cookie (token, a dot, its
 * HMAC-SHA256). `makeSession`'s tokens come signed (as sign-in's set-auth-token): used as they are.
 */
export function sessionCookie(token: string): string {
  if (token.includes(".")) return `better-auth.session_token=${token}`;
  const signature = createHmac("sha256", testSecret).update(token).digest("base64");
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

/** One WebSocket whose upgrade request carries these headers (e.g. a browser's Cookie and Origin). */
export function openSocketWithHeaders(url: string, headers: Record<string, string>) {
  class HeaderSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
      // Destroying a socket that is still reconnecting makes ws emit "error" after the provider let go of it.
      this.on("error", () => {});
    }
  }
  return openSocket(url, { WebSocketPolyfill: HeaderSocket });
}

/** One WebSocket (many documents can share it). */
export function openSocket(url: string, extra: Partial<ConstructorParameters<typeof HocuspocusProviderWebsocket>[0]> = {}) {
  const socket = new HocuspocusProviderWebsocket({ url, delay: 50, minDelay: 50, maxDelay: 500, ...extra });
  opened.push(socket);
  return socket;
}

export interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** Reasons the server gave: authentication refusals and document closes. */
  refusals: string[];
  closes: string[];
}

/** A provider for `documentName` on `socket` (its own socket when a URL is given). */
export function openDoc(socketOrUrl: HocuspocusProviderWebsocket | string, documentName: string, token: string | null): Client {
  const socket = typeof socketOrUrl === "string" ? openSocket(socketOrUrl) : socketOrUrl;
  const doc = new Y.Doc();
  const refusals: string[] = [];
  const closes: string[] = [];
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
    token,
    onAuthenticationFailed: ({ reason }) => void refusals.push(reason),
    onClose: ({ event }) => void closes.push(event.reason),
  });
  provider.attach();
  opened.push(provider);
  return { provider, doc, refusals, closes };
}

/** Every edit sent has been acknowledged by the server (so it is durable). */
export function acknowledged(c: Client) {
  if (!c.provider.isSynced) throw new Error("not synced yet");
  if (c.provider.unsyncedChanges !== 0) throw new Error(`${c.provider.unsyncedChanges} edits not acknowledged yet`);
}

/** A live session of the course (started now, an hour long). */
export async function liveSession(t: TestDatabase, courseId: string): Promise<string> {
  const [row] = await t.sql`insert into course_sessions (course_id, title, starts_at, ends_at, status, started_at)
    values (${courseId}, 'Lecture', now(), now() + interval '1 hour', 'live', now()) returning id`;
  return row!.id as string;
}

/** A course with an instructor, a TA, a student (with token), another student, and staff of another course. */
export async function makeClass(t: TestDatabase, options: { archived?: boolean } = {}) {
  const instructor = await makeUser(t.db, { role: "instructor" });
  const course = await makeCourse(t.db, instructor, { archived: options.archived ?? false });
  const ta = await makeUser(t.db);
  await enroll(t.db, course.id, ta.id, "ta");
  const student = await makeUser(t.db);
  await enroll(t.db, course.id, student.id, "student");
  const classmate = await makeUser(t.db);
  await enroll(t.db, course.id, classmate.id, "student");
  const otherInstructor = await makeUser(t.db, { role: "instructor" });
  await makeCourse(t.db, otherInstructor);
  const admin = await makeUser(t.db, { role: "admin" });
  const token = (u: UserRow) => makeSession(t.db, u.id);
  return {
    course,
    instructor,
    ta,
    student,
    classmate,
    otherInstructor,
    admin,
    token,
    /** The student's workspace (through the real API). */
    studentWorkspace: () => callerFor(t.db, student).workspace.getOrCreate({ courseId: course.id }),
    demoWorkspace: () => callerFor(t.db, instructor).workspace.getOrCreateDemo({ courseId: course.id }),
  };
}

/** The workspace's files as stored in Postgres (snapshot + log), as the run service reads them. */
export { loadWorkspaceFiles } from "@codeclass/services";
