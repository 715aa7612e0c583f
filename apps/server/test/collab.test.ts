import { eventually } from "@codeclass/test-utils";
import { createFile, getFiles, setLanguage } from "@codeclass/workspace-doc";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { browser, signUpVerified, useServer } from "./helpers.ts";

const server = useServer({ SEED_DEMO: "false" });
const base = () => server.url;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

/** Signs up a teacher and a student (real HTTP, cookies) and enrolls the student in a fresh course. */
async function classroom() {
  const teacher = browser(base);
  const email = `t${Date.now()}${Math.random().toString(36).slice(2, 6)}@school.test`;
  await signUpVerified(server, teacher, { name: "Teacher", email, password: "teach-me-please" });
  await server.platform.db.$client`update "user" set role = 'instructor' where email = ${email}`;
  const course = (
    await teacher.mutate("course.create", { code: `WS-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`, title: "Live" })
  ).body.result!.data.json;
  const student = browser(base);
  await signUpVerified(server, student, { name: "Student", email: `s${email}`, password: "learn-all-day" });
  await teacher.mutate("enrollment.add", { courseId: course.id, email: `s${email}` });
  const classmate = browser(base);
  await signUpVerified(server, classmate, { name: "Classmate", email: `c${email}`, password: "learn-all-day" });
  await teacher.mutate("enrollment.add", { courseId: course.id, email: `c${email}` });
  return { teacher, student, classmate, courseId: course.id as string };
}

/** The browser's way in: the session cookie on the upgrade request to /collab of the same server. */
function openAsBrowser(b: ReturnType<typeof browser>, documentName: string) {
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${base().replace(/^http/, "ws")}/collab`, WebSocketPolyfill: CookieSocket });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc });
  provider.attach();
  cleanup.push(
    () => socket.destroy(),
    () => provider.destroy(),
  );
  return { provider, doc };
}

const acked = (p: HocuspocusProvider) => {
  if (!p.isSynced || p.unsyncedChanges > 0) throw new Error(`not acknowledged: ${p.unsyncedChanges} pending`);
};

async function finished(runId: string) {
  const sql = server.platform.db.$client;
  return eventually(
    async () => {
      const [run] = await sql`select status, verdict, workspace_id, files from runs where id = ${runId}`;
      if (run?.status !== "finished") throw new Error(`run is ${run?.status}`);
      const out = await sql`select data->>'data' as data from run_events where run_id = ${runId} and type = 'stdout' order by seq`;
      return { ...run!, stdout: out.map((r) => r.data).join("") };
    },
    60_000,
    100,
  );
}

describe("/collab on the platform's server", () => {
  test("a student edits over the real socket with the session cookie, and run.start runs the live document", async () => {
    const { teacher, student, classmate, courseId } = await classroom();
    const ws = (await student.query("workspace.getOrCreate", { courseId })).body.result!.data.json;
    const { provider, doc } = openAsBrowser(student, ws.documentName);
    await eventually(() => acked(provider), 10_000);
    setLanguage(doc, "python");
    createFile(doc, "main.py", "print('from the live doc')\n");
    await eventually(() => acked(provider));

    const started = await student.mutate("run.start", { courseId, workspaceId: ws.id });
    expect(started.status).toBe(200);
    const first = await finished(started.body.result!.data.json.runId);
    expect(first).toMatchObject({ verdict: "OK", workspace_id: ws.id, stdout: "from the live doc\n" });

    // Every acknowledged edit is in the next run, with no save step.
    getFiles(doc).get("main.py")!.insert(0, "print('edited')\n");
    await eventually(() => acked(provider));
    const second = await finished((await student.mutate("run.start", { courseId, workspaceId: ws.id })).body.result!.data.json.runId);
    expect(second.stdout).toBe("edited\nfrom the live doc\n");

    // The teacher runs the student's workspace from the panel: it is the student's last run there.
    const byTeacher = (await teacher.mutate("run.start", { courseId, workspaceId: ws.id })).body.result!.data.json.runId;
    expect((await finished(byTeacher)).stdout).toBe("edited\nfrom the live doc\n");
    const roster = (await teacher.query("workspace.roster", { courseId })).body.result!.data.json as any[];
    expect(roster.find((r) => r.workspace.id === ws.id).lastRun).toMatchObject({ id: byTeacher, verdict: "OK" });

    // Whoever may not write the workspace may not run it.
    const refused = await classmate.mutate("run.start", { courseId, workspaceId: ws.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error!.json.message).toMatch(/not your workspace/);

    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/^codeclass_collab_documents [1-9]/m);
    expect(metrics).toMatch(/^codeclass_collab_connections [1-9]/m);
  }, 120_000);

  test("a request without a session is refused; other upgrade paths are closed", async () => {
    const { student, courseId } = await classroom();
    const ws = (await student.query("workspace.getOrCreate", { courseId })).body.result!.data.json;
    const reasons: string[] = [];
    const socket = new HocuspocusProviderWebsocket({ url: `${base().replace(/^http/, "ws")}/collab` });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: ws.documentName,
      onAuthenticationFailed: ({ reason }) => void reasons.push(reason),
    });
    provider.attach();
    cleanup.push(
      () => socket.destroy(),
      () => provider.destroy(),
    );
    await eventually(() => expect(reasons.join()).toMatch(/sign in first/));

    const stray = new WebSocket(`${base().replace(/^http/, "ws")}/somewhere-else`);
    const outcome = await new Promise<string>((r) => {
      stray.once("open", () => r("open"));
      stray.once("error", () => r("error"));
    });
    expect(outcome).toBe("error");
  });
});
