import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BoxProvider } from "../src/box.ts";
import { openBuild } from "../src/build.ts";
import { settle } from "../src/run.ts";
import { drivers, ready } from "./drivers.ts";

describe.each(drivers)("a build compiled once, run many times (%s)", (_name, make) => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(make);
  });
  afterAll(async () => {
    await settle(provider);
    await provider.close();
  });

  test("C++ compiles once; each run gets its own stdin, args, files and verdict", async () => {
    const build = await openBuild(provider, {
      language: "cpp",
      files: [
        {
          path: "main.cpp",
          content:
            '#include <iostream>\n#include <fstream>\nint main(int c, char** v){ long a,b; std::cin>>a>>b; if (a<0) return 3; if (a==99) for(;;){} std::ifstream f("data.txt"); std::string w; f>>w; std::cout<<a+b<<" "<<(c>1?v[1]:"-")<<" "<<w<<"\\n"; }',
        },
      ],
    });
    try {
      expect(build.compile).toMatchObject({ ok: true, verdict: "OK" });
      const one = await build.run({ stdin: "1 2", args: ["x"], files: [{ path: "data.txt", content: "hello" }] });
      expect(one).toMatchObject({ verdict: "OK", stdout: "3 x hello\n" });
      // A run's files are its own: the next run starts from the build as compiled.
      const two = await build.run({ stdin: "5 5" });
      expect(two).toMatchObject({ verdict: "OK", stdout: "10 - \n" });
      expect(await build.run({ stdin: "1 1", files: [{ path: "data.txt", content: "again" }] })).toMatchObject({ stdout: "2 - again\n" });
      expect(await build.run({ stdin: "-1 0" })).toMatchObject({ verdict: "RUNTIME_ERROR", exitCode: 3 });
      const slow = await build.run({ stdin: "99 0", limits: { cpuMs: 300 } });
      expect(slow).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu" });
      await expect(build.run({ files: [{ path: "main.cpp", content: "" }] })).rejects.toThrow(/source file/);
    } finally {
      await build.close();
    }
  });

  test("a compile error is reported once, with the compiler's output", async () => {
    const build = await openBuild(provider, { language: "c", files: [{ path: "main.c", content: "int main( { }" }] });
    expect(build.compile).toMatchObject({ ok: false, verdict: "COMPILE_ERROR" });
    expect(build.compile.output).toMatch(/error/);
    await build.close();
  });

  test("each run is measured alone: a heavy run's CPU and memory are not the next one's, a stopped run does not stop the next", async () => {
    // (bwrap sets up each next run's sandbox while the one before runs: none of that may leak into either run.)
    const program = [
      "import time",
      "mode = input()",
      "if mode == 'heavy':",
      "    block = bytearray(120 * 1024 * 1024)",
      "    end = time.process_time() + 0.6",
      "    while time.process_time() < end: pass",
      "if mode == 'spin':",
      "    while True: pass",
      "print(mode)",
    ].join("\n");
    const build = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: program }] });
    try {
      expect(build.compile.ok).toBe(true);
      const heavy = await build.run({ stdin: "heavy\n" });
      expect(heavy).toMatchObject({ verdict: "OK", stdout: "heavy\n" });
      expect(heavy.cpuMs).toBeGreaterThanOrEqual(550);
      expect(heavy.memoryKb).toBeGreaterThan(120 * 1024);
      const light = await build.run({ stdin: "light\n" });
      expect(light).toMatchObject({ verdict: "OK", stdout: "light\n" });
      expect(light.cpuMs).toBeLessThan(300);
      expect(light.memoryKb).toBeLessThan(60 * 1024);
      expect(await build.run({ stdin: "spin\n", limits: { cpuMs: 300 } })).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu" });
      const after = await build.run({ stdin: "after\n" });
      expect(after).toMatchObject({ verdict: "OK", stdout: "after\n" });
      expect(after.cpuMs).toBeLessThan(300);
    } finally {
      await build.close();
    }
  });

  test("each run starts from the build as compiled: what a run wrote, changed, locked or left running is gone", async () => {
    const program = [
      "import os, subprocess, sys, time",
      "mode = input()",
      "if mode == 'stash':",
      "    secret = open('secret.txt').read()",
      "    for d in ('/box', '/tmp', '/dev/shm'): open(d + '/stash.txt', 'w').write(secret)",
      "    open(__file__, 'a').write('\\nprint(' + repr(secret) + ')\\n')",
      "    os.makedirs('locked/inner'); open('locked/inner/x', 'w').write(secret); os.chmod('locked/inner', 0); os.chmod('locked', 0o500)",
      "    subprocess.Popen(['sh', '-c', 'sleep 0.5; echo ' + secret + ' > /box/late.txt'], start_new_session=True)",
      "    subprocess.run(['ipcmk', '-Q'], capture_output=True, check=True)",
      "    print('stashed')",
      "else:",
      "    time.sleep(0.8)",
      "    names = sorted(n for d in ('/box', '/tmp', '/dev/shm') for n in os.listdir(d) if not n.startswith('.'))",
      "    queues = [l for l in subprocess.run(['ipcs', '-q'], capture_output=True, text=True).stdout.splitlines() if l.startswith('0x')]",
      "    print(names, 'hun' + 'ter2' in open(__file__).read(), len(queues))",
    ].join("\n");
    const build = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: program }] });
    try {
      expect(build.compile.ok).toBe(true);
      const first = await build.run({ stdin: "stash\n", files: [{ path: "secret.txt", content: "hunter2" }] });
      expect([first.verdict, first.stdout]).toEqual(["OK", "stashed\n"]);
      const next = await build.run({ stdin: "look\n" });
      expect([next.verdict, next.stdout, next.stderr]).toEqual(["OK", "['main.py'] False 0\n", ""]);
    } finally {
      await build.close();
    }
  });

  test("a run that leaves thousands of files and a tree deeper than a path may be long: the next run starts clean", async () => {
    const program = [
      "import os",
      "if input() == 'flood':",
      "    os.mkdir('many')",
      "    for i in range(5000): open(f'many/{i}', 'w').close()",
      "    os.mkdir('deep'); os.chdir('deep')",
      "    for i in range(2200): os.mkdir('d'); os.chdir('d')",
      "    open('bottom', 'w').write('x')",
      "    print('flooded')",
      "else:",
      "    print(sorted(os.listdir('.')))",
    ].join("\n");
    const build = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: program }] });
    try {
      expect((await build.run({ stdin: "flood\n" })).stdout).toBe("flooded\n");
      const next = await build.run({ stdin: "look\n" });
      expect([next.verdict, next.stdout]).toEqual(["OK", "['main.py']\n"]);
    } finally {
      await build.close();
    }
  }, 60_000);

  test("Python: the syntax check is the compile step; runs start the program", async () => {
    const bad = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: "print(" }] });
    expect(bad.compile).toMatchObject({ ok: false, verdict: "COMPILE_ERROR" });
    expect(bad.compile.output).toMatch(/SyntaxError/);
    await bad.close();
    const build = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: "print(int(input())*2)" }] });
    expect(build.compile.ok).toBe(true);
    const results = await Promise.all([build.run({ stdin: "4\n" }), build.run({ stdin: "21\n" }), build.run({ stdin: "x\n" })]);
    expect(results.map((r) => [r.verdict, r.stdout])).toEqual([
      ["OK", "8\n"],
      ["OK", "42\n"],
      ["RUNTIME_ERROR", ""],
    ]);
    await build.close();
  });
});
