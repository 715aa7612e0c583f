import type { LanguageId, SourceFile } from "../src/index.ts";

/**
 * Per language: a multi-file program that reads a line from stdin, prints
 * "hello <line> ☃ <args>" to stdout and "warn" to stderr, and exits with code 3;
 * and an interactive one that prompts "name? ", reads a line and answers "hi <name>".
 */
export const greet: Record<LanguageId, SourceFile[]> = {
  python: [
    {
      path: "main.py",
      content:
        "import sys\nfrom greet import line\nname = sys.stdin.readline().strip()\nprint(line(name, sys.argv[1:]))\nprint('warn', file=sys.stderr)\nsys.exit(3)\n",
    },
    { path: "greet.py", content: "def line(name, args):\n    return f\"hello {name} ☃ {' '.join(args)}\"\n" },
  ],
  javascript: [
    {
      path: "main.js",
      content:
        'const { line } = require("./greet.js");\nconst name = require("fs").readFileSync(0, "utf8").split("\\n")[0];\nconsole.log(line(name, process.argv.slice(2)));\nconsole.error("warn");\nprocess.exitCode = 3;\n',
    },
    { path: "greet.js", content: 'exports.line = (name, args) => `hello ${name} ☃ ${args.join(" ")}`;\n' },
  ],
  typescript: [
    {
      path: "main.ts",
      content:
        'import { readFileSync } from "node:fs";\nimport { line } from "./greet.ts";\nconst name: string = readFileSync(0, "utf8").split("\\n")[0] ?? "";\nconsole.log(line(name, process.argv.slice(2)));\nconsole.error("warn");\nprocess.exitCode = 3;\n',
    },
    {
      path: "greet.ts",
      content: 'export function line(name: string, args: string[]): string {\n  return `hello ${name} ☃ ${args.join(" ")}`;\n}\n',
    },
  ],
  c: [
    {
      path: "main.c",
      content:
        '#include <stdio.h>\n#include <string.h>\n#include "greet.h"\nint main(int argc, char **argv) {\n  char name[256] = {0};\n  if (fgets(name, sizeof name, stdin)) name[strcspn(name, "\\n")] = 0;\n  greet(name, argc - 1, argv + 1);\n  fprintf(stderr, "warn\\n");\n  return 3;\n}\n',
    },
    { path: "greet.h", content: "void greet(const char *name, int argc, char **argv);\n" },
    {
      path: "greet.c",
      content:
        '#include <stdio.h>\n#include "greet.h"\nvoid greet(const char *name, int argc, char **argv) {\n  printf("hello %s \\u2603", name);\n  for (int i = 0; i < argc; i++) printf(" %s", argv[i]);\n  printf("\\n");\n}\n',
    },
  ],
  cpp: [
    {
      path: "main.cpp",
      content:
        '#include <iostream>\n#include <string>\n#include "greet.hpp"\nint main(int argc, char **argv) {\n  std::string name;\n  std::getline(std::cin, name);\n  std::cout << line(name, argc - 1, argv + 1) << std::endl;\n  std::cerr << "warn" << std::endl;\n  return 3;\n}\n',
    },
    {
      path: "greet.hpp",
      content:
        '#include <string>\ninline std::string line(const std::string &name, int argc, char **argv) {\n  std::string s = "hello " + name + " ☃";\n  for (int i = 0; i < argc; i++) s += std::string(" ") + argv[i];\n  return s;\n}\n',
    },
  ],
  java: [
    {
      path: "Greeter.java",
      content:
        'import java.util.Scanner;\npublic class Greeter {\n  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n    String name = in.hasNextLine() ? in.nextLine() : "";\n    System.out.println(Words.line(name, args));\n    System.err.println("warn");\n    System.exit(3);\n  }\n}\n',
    },
    {
      path: "Words.java",
      content:
        'public class Words {\n  static String line(String name, String[] args) {\n    return "hello " + name + " ☃" + (args.length > 0 ? " " + String.join(" ", args) : "");\n  }\n}\n',
    },
  ],
  go: [
    {
      path: "main.go",
      content:
        'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\nfunc main() {\n\tl, _ := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\n\tfmt.Println(line(strings.TrimSpace(l), os.Args[1:]))\n\tfmt.Fprintln(os.Stderr, "warn")\n\tos.Exit(3)\n}\n',
    },
    {
      path: "greet.go",
      content:
        'package main\n\nimport "strings"\n\nfunc line(name string, args []string) string {\n\treturn "hello " + name + " ☃ " + strings.Join(args, " ")\n}\n',
    },
  ],
};

export const interactive: Record<LanguageId, SourceFile[]> = {
  python: [{ path: "main.py", content: "name = input('name? ')\nprint(f'hi {name}')\n" }],
  javascript: [
    {
      path: "main.js",
      content:
        'const rl = require("readline").createInterface({ input: process.stdin });\nprocess.stdout.write("name? ");\nrl.once("line", (n) => { console.log(`hi ${n}`); rl.close(); });\n',
    },
  ],
  typescript: [
    {
      path: "main.ts",
      content:
        'import { createInterface } from "node:readline";\nconst rl = createInterface({ input: process.stdin });\nprocess.stdout.write("name? ");\nrl.once("line", (n: string) => {\n  console.log(`hi ${n}`);\n  rl.close();\n});\n',
    },
  ],
  c: [
    {
      path: "main.c",
      content:
        '#include <stdio.h>\nint main(void) {\n  char n[100];\n  printf("name? ");\n  fflush(stdout);\n  if (scanf("%99s", n) == 1) printf("hi %s\\n", n);\n  return 0;\n}\n',
    },
  ],
  cpp: [
    {
      path: "main.cpp",
      content:
        '#include <iostream>\n#include <string>\nint main() {\n  std::string n;\n  std::cout << "name? " << std::flush;\n  std::cin >> n;\n  std::cout << "hi " << n << std::endl;\n}\n',
    },
  ],
  java: [
    {
      path: "Ask.java",
      content:
        'import java.util.Scanner;\npublic class Ask {\n  public static void main(String[] a) {\n    System.out.print("name? ");\n    System.out.flush();\n    String n = new Scanner(System.in).nextLine();\n    System.out.println("hi " + n);\n  }\n}\n',
    },
  ],
  go: [
    {
      path: "main.go",
      content:
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar n string\n\tfmt.Print("name? ")\n\tfmt.Scanln(&n)\n\tfmt.Println("hi " + n)\n}\n',
    },
  ],
};

/**
 * Hostile C programs for the hardening tests (issue 9). Each prints what it managed; a line
 * ending in " ok" is a hole.
 */
export const hostile = {
  /** Every other process it can see: ptrace, /proc/<pid>/mem and environ, process_vm_readv, pidfd_getfd, /proc/<pid>/fd. */
  traceHelpers: `#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
int main(void) {
  int self = getpid(), seen = 0;
  DIR *d = opendir("/proc");
  struct dirent *e;
  while ((e = readdir(d))) {
    int pid = atoi(e->d_name);
    if (pid <= 0 || pid == self) continue;
    seen++;
    char path[64], buf[256];
    if (ptrace(PTRACE_SEIZE, pid, 0, 0) == 0) { printf("ptrace %d ok\\n", pid); ptrace(PTRACE_DETACH, pid, 0, 0); }
    snprintf(path, sizeof path, "/proc/%d/environ", pid);
    int fd = open(path, O_RDONLY);
    if (fd >= 0 && read(fd, buf, sizeof buf) > 0) printf("environ %d ok\\n", pid);
    if (fd >= 0) close(fd);
    unsigned long lo = 0, hi = 0;
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *m = fopen(path, "r");
    if (m) { if (fscanf(m, "%lx-%lx", &lo, &hi) != 2) lo = 0; fclose(m); }
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    fd = open(path, O_RDWR);
    if (fd < 0) fd = open(path, O_RDONLY);
    if (fd >= 0 && lo && pread(fd, buf, 16, lo) == 16) printf("mem %d ok\\n", pid);
    if (fd >= 0) close(fd);
    struct iovec local = {buf, 16}, remote = {(void *)lo, 16};
    if (lo && syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0) == 16) printf("process_vm_readv %d ok\\n", pid);
    int pfd = syscall(SYS_pidfd_open, pid, 0);
    for (int n = 0; pfd >= 0 && n < 16; n++) {
      int got = syscall(SYS_pidfd_getfd, pfd, n, 0);
      if (got >= 0) { printf("pidfd_getfd %d %d ok\\n", pid, n); close(got); }
    }
    if (pfd >= 0) close(pfd);
    for (int n = 0; n < 16; n++) {
      snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, n);
      int got = open(path, O_WRONLY | O_NONBLOCK);
      if (got >= 0) { printf("proc-fd %d %d ok\\n", pid, n); close(got); }
    }
  }
  printf("seen %d\\n", seen);
  return 0;
}
`,
  /**
   * Exits 3, after trying to have the run reported as exit 0 and to pour 64 MiB into channels the
   * server reads: bwrap's pid 1 reports the exit status on an eventfd (taken and written "exit 0");
   * a helper's stdout/stderr are flooded; the Docker launcher's end marker is looked up in its
   * memory and forged.
   */
  forgeStatus: `#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static char chunk[65536];
static void flood(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  for (int i = 0; i < 1024; i++) if (write(fd, chunk, sizeof chunk) < 0) break;
}
static int grab(int pid, int n) {
  int p = syscall(SYS_pidfd_open, pid, 0), got = -1;
  if (p >= 0) { got = syscall(SYS_pidfd_getfd, p, n, 0); close(p); }
  if (got < 0) { char path[64]; snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, n); got = open(path, O_WRONLY | O_NONBLOCK); }
  return got;
}
static int findMarker(int pid, char *out) {
  char path[64], line[512];
  snprintf(path, sizeof path, "/proc/%d/maps", pid);
  FILE *maps = fopen(path, "r");
  snprintf(path, sizeof path, "/proc/%d/mem", pid);
  int mem = open(path, O_RDONLY);
  int found = 0;
  while (maps && mem >= 0 && !found && fgets(line, sizeof line, maps)) {
    unsigned long lo, hi; char perms[8];
    if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' || perms[1] != 'w' || hi - lo > (64 << 20)) continue;
    char *buf = malloc(hi - lo);
    ssize_t len = pread(mem, buf, hi - lo, lo);
    for (ssize_t i = 0; i + 35 < len && !found; i++) {
      if (memcmp(buf + i, "codeclass-", 10)) continue;
      int hex = 1;
      for (int k = 10; k < 34; k++) hex &= isxdigit((unsigned char)buf[i + k]) && !isupper((unsigned char)buf[i + k]);
      if (hex && buf[i + 34] == ':') { memcpy(out, buf + i, 35); out[35] = 0; found = 1; }
    }
    free(buf);
  }
  if (maps) fclose(maps);
  if (mem >= 0) close(mem);
  return found;
}
int main(void) {
  memset(chunk, 'x', sizeof chunk);
  int self = getpid();
  DIR *d = opendir("/proc");
  struct dirent *e;
  char marker[64];
  while ((e = readdir(d))) {
    int pid = atoi(e->d_name);
    if (pid <= 0 || pid == self) continue;
    for (int n = 0; n < 16; n++) {
      int fd = grab(pid, n);
      if (fd < 0) continue;
      char link[64] = {0}, path[64];
      snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
      if (readlink(path, link, sizeof link - 1) < 0) link[0] = 0;
      if (strstr(link, "eventfd")) { uint64_t v = 1; if (write(fd, &v, 8) == 8) fprintf(stderr, "forged eventfd of %d\\n", pid); }
      else if (n == 2) { fprintf(stderr, "flooding fd %d of %d\\n", n, pid); flood(fd); }
      close(fd);
    }
    if (findMarker(pid, marker)) {
      fprintf(stderr, "found the marker of %d\\n", pid);
      printf("%send\\n", marker);
      fflush(stdout);
      fprintf(stderr, "%sexit 0\\n", marker);
      flood(1);
    }
  }
  return 3;
}
`,
  /** Tries to kill every other process it can see (the sandbox's own helpers included), then exits 0. */
  killHelpers: `#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  DIR *d = opendir("/proc");
  struct dirent *e;
  while ((e = readdir(d))) {
    int pid = atoi(e->d_name);
    if (pid > 0 && pid != getpid() && kill(pid, SIGKILL) == 0) printf("killed %d\\n", pid);
  }
  usleep(300000);
  printf("still here\\n");
  return 0;
}
`,
  /** Eight children spinning, each under its own CPU limit; the parent waits for them. */
  busyChildren: `#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  for (int i = 0; i < 8; i++) if (fork() == 0) for (volatile unsigned long n = 0;; n++) {}
  while (wait(0) > 0) {}
  return 0;
}
`,
  /** The kernel's risky calls that the seccomp filter refuses (EPERM) on both drivers. */
  riskySyscalls: `#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
static void try(const char *name, long r) {
  printf("%s %s\\n", name, r != -1 ? "ok" : errno == EPERM ? "EPERM" : errno == ENOSYS ? "ENOSYS" : "other");
}
int main(void) {
  errno = 0; try("io_uring_setup", syscall(SYS_io_uring_setup, 1, 0));
  errno = 0; try("bpf", syscall(SYS_bpf, 0, 0, 0));
  errno = 0; try("ptrace", syscall(SYS_ptrace, 2 /* PTRACE_PEEKDATA */, getpid(), 0, 0));
  errno = 0; try("pidfd_getfd", syscall(SYS_pidfd_getfd, 0, 0, 0));
  errno = 0; try("process_vm_readv", syscall(SYS_process_vm_readv, getpid(), 0, 0, 0, 0, 0));
  errno = 0; try("userfaultfd", syscall(SYS_userfaultfd, 0));
  errno = 0; try("keyctl", syscall(SYS_keyctl, 0, -3, 0));
  errno = 0; try("setxattr", syscall(SYS_setxattr, "/box", "user.k", "v", 1, 0));
  errno = 0; try("fsetxattr", syscall(SYS_fsetxattr, 1, "user.k", "v", 1, 0));
  errno = 0; try("clone(CLONE_NEWUSER)", syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
  errno = 0; try("clone3", syscall(SYS_clone3, 0, 0));
  errno = 0; try("getpid", syscall(SYS_getpid));
  return 0;
}
`,
};
