/**
 * Setup over HTTP, as a script would do it: sign in for a bearer token, call tRPC procedures,
 * make a course with its people. Free of vitest, so a bench script can import it.
 */
import { cli, type RunningServer } from "./spawn-server.ts";

/** Signs in with email and password and returns the bearer session token. */
export async function signInToken(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  const token = res.headers.get("set-auth-token");
  if (!res.ok || !token) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return token;
}

/** A tRPC call with a bearer session token (superjson envelope); an error throws with the procedure, status and message. */
export async function trpcCall(baseUrl: string, token: string, kind: "query" | "mutation", proc: string, input: unknown): Promise<any> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", origin: baseUrl };
  const res =
    kind === "query"
      ? await fetch(`${baseUrl}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers })
      : await fetch(`${baseUrl}/trpc/${proc}`, { method: "POST", headers, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } };
  if (!body.result) throw new Error(`${proc}: ${res.status} ${body.error?.json.message ?? ""}`);
  return body.result.data.json;
}

export interface Person {
  email: string;
  name: string;
  password: string;
}

/** Creates an account with the operator CLI, as an administrator does. */
export async function createUser(server: RunningServer, person: Person, role: "student" | "instructor" | "admin") {
  await cli(server.env, "user:create", "--email", person.email, "--name", person.name, "--role", role, "--password", person.password);
}

/**
 * An instructor's course with its students: the accounts through the CLI, then the course and
 * the enrollments through the API as the instructor. Returns the course and everyone's token.
 */
export async function makeCourse(
  server: RunningServer,
  options: { code: string; title: string; instructor: Person; students: Person[] },
): Promise<{
  course: { id: string; code: string; title: string };
  instructor: Person & { token: string };
  students: (Person & { token: string })[];
}> {
  const { code, title, instructor, students } = options;
  await createUser(server, instructor, "instructor");
  for (const s of students) await createUser(server, s, "student");
  const instructorToken = await signInToken(server.url, instructor.email, instructor.password);
  const course = await trpcCall(server.url, instructorToken, "mutation", "course.create", { code, title });
  const signedIn = [];
  for (const s of students) {
    await trpcCall(server.url, instructorToken, "mutation", "enrollment.add", { courseId: course.id, email: s.email, role: "student" });
    signedIn.push({ ...s, token: await signInToken(server.url, s.email, s.password) });
  }
  return { course, instructor: { ...instructor, token: instructorToken }, students: signedIn };
}

/** Staff schedule a session of the course for now (an hour) and start it: it is live. */
export async function startSession(serverUrl: string, token: string, courseId: string, title: string): Promise<{ id: string }> {
  const session = await trpcCall(serverUrl, token, "mutation", "session.create", {
    courseId,
    title,
    startsAt: new Date().toISOString(),
    durationMinutes: 60,
  });
  await trpcCall(serverUrl, token, "mutation", "session.start", { sessionId: session.id });
  return session;
}
