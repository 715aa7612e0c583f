import type { Limits } from "./limits.ts";
import { javaMainClass, type LanguageId, languageExtensions, languageIds } from "./rules.ts";
import type { SourceFile } from "./types.ts";

/** How one language is compiled and run inside the sandbox (commands run in /box). */
export interface Language {
  id: LanguageId;
  name: string;
  /** Toolchain version in the sandbox image (checked against `versionCommand` by the tests). */
  version: string;
  versionCommand: string[];
  /** Source extensions; the first is the one an entry file must have. */
  extensions: readonly string[];
  /** Compile command, or undefined for interpreted languages. */
  compile?: (ctx: CommandContext) => string[];
  run: (ctx: CommandContext) => string[];
  /**
   * For a language whose compile check is cheap (Python's syntax): a run command that checks
   * first, in the same process, and on failure writes `marker` and a newline on stderr, then the
   * errors, and exits before anything of the program runs; else it runs the program as `run`
   * would. The run then ends as COMPILE_ERROR with those errors. Used instead of `run`.
   */
  checkThenRun?: (ctx: CommandContext, marker: string) => string[];
  /** Extra environment for compile and run. */
  env?: Record<string, string>;
  /** Limit adjustments over the defaults (e.g. the JVM's threads). */
  adjust?: Partial<Limits>;
}

export interface CommandContext {
  files: SourceFile[];
  /** The entry file's path. */
  entry: string;
  args: string[];
  limits: Limits;
}

const withExt = (files: SourceFile[], exts: string[]) => files.map((f) => f.path).filter((p) => exts.some((e) => p.endsWith(e)));

/**
 * Python's run command: compiles every .py file once (without running it, no .pyc written); on a
 * syntax error prints `marker`, then each error as the interpreter would (`File "main.py", line 3`,
 * the line, a caret, `SyntaxError: ...`) on stderr and exits; else runs the entry's compiled code
 * in this same interpreter as `python3 -u main.py` would: module `__main__` (emptied first),
 * `__file__` (absolute), `sys.argv` and `sys.path[0]` as for a script, and tracebacks without this
 * script's own frames. One interpreter start per run (argv: marker, N, N files, entry, args; entry `-c`
 * runs the next argument as code). A second start for the program cost about 30 ms a run here,
 * and a separate compile step in its own sandbox 450 ms. The sandboxes' shells hold it from their
 * start (constantArguments, see presets.ts): a command line carrying it was read by dash a byte at
 * a time, about 3.5 µs a byte. Written short all the same, with double quotes (shellLine spends 4
 * bytes on a single quote, 7 on a newline). The frames above the program's own (the script's and
 * run's) are why the recursion limit is raised by 3.
 */
const pythonCheckThenRun = `def run():
 import builtins,os,sys
 a=sys.argv;m,n=a[1],int(a[2]);fs,r=a[3:3+n],a[3+n:];er,cs=[],{};P=os.path
 for p in fs:
  try:
   with open(p,"rb") as f:cs[p]=compile(f.read(),P.abspath(p),"exec",dont_inherit=True)
  except (SyntaxError,ValueError) as e:
   if isinstance(e,SyntaxError):e.filename=p
   import traceback;er.append("".join(traceback.format_exception_only(e)))
 if er:sys.stderr.write(m+"\\n"+"".join(er));sys.exit(1)
 x=r[0]
 if x=="-c":c,sys.argv=compile(r[1],"<string>","exec"),["-c",*r[2:]]
 else:
  p=P.abspath(x);c=cs.get(x)
  if c is None:
   with open(p,"rb") as f:c=compile(f.read(),p,"exec",dont_inherit=True)
  sys.argv=r;sys.path[0]=P.dirname(p)
 def hook(k,v,t,s=sys.__excepthook__):
  while t is not None and t.tb_frame.f_code.co_filename=="<string>":t=t.tb_next
  if v is not None:v.__traceback__=t
  s(k,v,t)
 sys.excepthook=hook;sys.setrecursionlimit(sys.getrecursionlimit()+3);g=sys.modules["__main__"].__dict__;g.clear()
 g.update(__name__="__main__",__doc__=None,__package__=None,__loader__=None,__spec__=None,__annotations__={},__builtins__=builtins)
 if x!="-c":from importlib.machinery import SourceFileLoader as L;g.update(__file__=p,__cached__=None,__loader__=L("__main__",p))
 exec(c,g)
run()
`;

/** Long arguments that the languages' commands carry on every run: a driver may hold them in its sandboxes ahead (see shellPresets). */
export const constantArguments: readonly string[] = [pythonCheckThenRun];

export const languages: Record<Language["id"], Language> = {
  c: {
    id: "c",
    name: "C (GCC 12)",
    version: "12.2",
    versionCommand: ["gcc", "--version"],
    extensions: languageExtensions.c,
    compile: ({ files }) => ["gcc", "-O2", "-std=gnu17", "-Wall", "-o", "main", ...withExt(files, [".c"]), "-lm"],
    run: ({ args }) => ["./main", ...args],
  },
  cpp: {
    id: "cpp",
    name: "C++ (G++ 12)",
    version: "12.2",
    versionCommand: ["g++", "--version"],
    extensions: languageExtensions.cpp,
    compile: ({ files }) => ["g++", "-O2", "-std=gnu++17", "-Wall", "-o", "main", ...withExt(files, [".cpp", ".cc", ".cxx"])],
    run: ({ args }) => ["./main", ...args],
  },
  python: {
    id: "python",
    name: "Python 3.11",
    version: "3.11",
    versionCommand: ["python3", "--version"],
    extensions: languageExtensions.python,
    env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8", PYTHONUNBUFFERED: "1" },
    run: ({ entry, args }) => ["python3", "-u", entry, ...args],
    // Syntax errors are compile errors, checked by the run command itself: a separate compile step
    // would cost a second sandbox (measured: about 450 ms more per run on a loaded machine).
    checkThenRun: ({ files, entry, args }, marker) => {
      const sources = withExt(files, [".py"]);
      return ["python3", "-u", "-c", pythonCheckThenRun, marker, String(sources.length), ...sources, entry, ...args];
    },
  },
  java: {
    id: "java",
    name: "Java (OpenJDK 17)",
    version: "17",
    versionCommand: ["java", "-version"],
    extensions: languageExtensions.java,
    adjust: { processes: 128, compileMs: 30_000 },
    compile: ({ files }) => [
      "javac",
      "-J-XX:+UseSerialGC",
      "-J-XX:TieredStopAtLevel=1",
      "-J-XX:-UsePerfData",
      "-encoding",
      "UTF-8",
      "-d",
      ".",
      ...withExt(files, [".java"]),
    ],
    run: ({ files, entry, args, limits }) => [
      "java",
      // The heap fits inside the memory limit, leaving room for metaspace, code and stacks.
      `-Xmx${Math.max(32, Math.floor((limits.memoryKb / 1024) * 0.6))}m`,
      "-Xss16m",
      "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1",
      // No /tmp/hsperfdata_* file per JVM (nothing reads it here): a test then leaves /tmp as it found it.
      "-XX:-UsePerfData",
      "-Dfile.encoding=UTF-8",
      "-cp",
      ".",
      javaMainClass(files, entry) ?? "Main",
      ...args,
    ],
  },
  go: {
    id: "go",
    name: "Go 1.19",
    version: "1.19",
    versionCommand: ["go", "version"],
    extensions: languageExtensions.go,
    adjust: { processes: 128, compileMs: 60_000 },
    env: {
      GOCACHE: "/box/.cache/go-build",
      GOPATH: "/box/.cache/gopath",
      GO111MODULE: "off",
      CGO_ENABLED: "0",
      GOFLAGS: "-buildvcs=false",
      HOME: "/box",
    },
    compile: ({ files }) => ["go", "build", "-o", "main", ...withExt(files, [".go"]).filter((p) => !p.endsWith("_test.go"))],
    run: ({ args }) => ["./main", ...args],
  },
  javascript: {
    id: "javascript",
    name: "JavaScript (Node.js 24)",
    version: "24",
    versionCommand: ["node", "--version"],
    extensions: languageExtensions.javascript,
    adjust: { processes: 32 },
    run: ({ entry, args }) => ["node", entry, ...args],
  },
  typescript: {
    id: "typescript",
    name: "TypeScript 7 (Node.js 24)",
    version: "7.0",
    versionCommand: ["tsc", "--version"],
    extensions: languageExtensions.typescript,
    // tsc 7 is a Go program: its threads count as processes, as for Go and Java.
    adjust: { processes: 128 },
    // Type errors are compile errors; Node then runs the .ts file directly (type stripping).
    compile: ({ files }) => [
      "tsc",
      "--noEmit",
      "--strict",
      "--target",
      "es2023",
      "--module",
      "nodenext",
      "--allowImportingTsExtensions",
      "--erasableSyntaxOnly",
      "--types",
      "node",
      "--typeRoots",
      "/opt/typescript/node_modules/@types",
      "--skipLibCheck",
      "--pretty",
      "false",
      ...withExt(files, [".ts", ".mts", ".cts"]),
    ],
    run: ({ entry, args }) => ["node", "--no-warnings", entry, ...args],
  },
};

/** The public list (for the API and the language picker). */
export function listLanguages() {
  return languageIds.map((id) => ({ id, name: languages[id].name, version: languages[id].version, extensions: languages[id].extensions }));
}
