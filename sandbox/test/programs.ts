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
