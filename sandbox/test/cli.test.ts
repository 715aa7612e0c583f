import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
const cli = path.resolve(import.meta.dirname, "../src/cli.ts");

/** Runs `pnpm sandbox ...` (the CLI) in a folder with the given files; returns code and output. */
async function sandbox(files: Record<string, string>, ...args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-cli-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test.each(["docker", "bwrap"])("run --json on %s prints one object with every field", async (driver) => {
  const r = await sandbox(
    { "main.py": "import sys\nprint('hi', sys.stdin.read().strip(), sys.argv[1:])\n", "in.txt": "Ada\n" },
    "run",
    "main.py",
    "--stdin",
    "in.txt",
    "--json",
    "--driver",
    driver,
    "--arg",
    "x",
  );
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(Object.keys(out).sort()).toEqual([
    "compileOutput",
    "cpuMs",
    "exitCode",
    "memoryKb",
    "signal",
    "stderr",
    "stdout",
    "verdict",
    "wallMs",
  ]);
  expect(out).toMatchObject({ verdict: "OK", exitCode: 0, stdout: "hi Ada ['x']\n" });
});

test("the language comes from the extension; a failing program exits 1; a refused request exits 2", async () => {
  const crash = await sandbox({ "crash.c": "int main(void) { return *(volatile int *)0; }\n" }, "run", "crash.c", "--json");
  expect(crash.code).toBe(1);
  expect(JSON.parse(crash.stdout)).toMatchObject({ verdict: "RUNTIME_ERROR", signal: "SIGSEGV" });
  const unknown = await sandbox({ "notes.txt": "hello" }, "run", "notes.txt");
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("pass --language");
});

test("run --json through a pipe prints the whole object, however long the output", async () => {
  const r = await sandbox({ "main.py": "print('x' * 500_000)\n" }, "run", "main.py", "--json", "--driver", "bwrap");
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.verdict).toBe("OK");
  expect(out.stdout).toBe(`${"x".repeat(500_000)}\n`);
});

test("files outside the current folder are named relative to their common folder", async () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-cli-elsewhere-"));
  try {
    fs.writeFileSync(path.join(elsewhere, "main.py"), "print('from elsewhere')\n");
    const one = await sandbox({}, "run", path.join(elsewhere, "main.py"), "--json", "--driver", "bwrap");
    expect(one.stderr).toBe("");
    expect(JSON.parse(one.stdout)).toMatchObject({ verdict: "OK", stdout: "from elsewhere\n" });
    // Two files, one in a folder below: their common folder is the project's.
    const project = path.join(elsewhere, "project");
    fs.mkdirSync(path.join(project, "util"), { recursive: true });
    fs.writeFileSync(path.join(project, "main.py"), "from util.helper import greet\nprint(greet())\n");
    fs.writeFileSync(path.join(project, "util", "helper.py"), "def greet():\n    return 'nested ok'\n");
    const two = await sandbox(
      {},
      "run",
      path.join(project, "main.py"),
      path.join(project, "util", "helper.py"),
      "--json",
      "--driver",
      "bwrap",
    );
    expect(two.stderr).toBe("");
    expect(JSON.parse(two.stdout)).toMatchObject({ verdict: "OK", stdout: "nested ok\n" });
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
