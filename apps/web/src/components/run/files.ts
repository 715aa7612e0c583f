import { fileNameIssue, fileNameLimits, type LanguageId, entryFile as sandboxEntryFile } from "@codeclass/sandbox/rules";

/** One source file of the run page's workspace. */
export interface RunFile {
  path: string;
  content: string;
}

export type RunLanguageId = LanguageId;

/** What `run.languages` says about one language. */
export interface RunLanguage {
  id: RunLanguageId;
  name: string;
  version: string;
  extensions: readonly string[];
}

/** The sandbox's file-name limits (`@codeclass/sandbox/rules`) and the workspace's file count. */
export const fileLimits = { pathLength: fileNameLimits.pathLength, depth: fileNameLimits.pathDepth, files: 50 } as const;

/**
 * What is wrong with a file name, as a sentence that says how to fix it; null when it is fine.
 * The rule is the sandbox's (`fileNameIssue`); this words it for a beginner. `others` are the
 * workspace's other paths (a name may not repeat, nor clash with a folder).
 */
export function fileNameProblem(path: string, others: readonly string[] = []): string | null {
  if (/\s/.test(path) && path.length > 0 && path.length <= fileNameLimits.pathLength)
    return "Remove the spaces: use “_” or “-” between words.";
  const issue = fileNameIssue(path);
  if (issue) {
    switch (issue.code) {
      case "empty":
        return "Enter a file name, such as main.py or util/helpers.py.";
      case "too-long":
        return `Use a shorter name: the limit is ${issue.limit} characters.`;
      case "absolute":
        return "Remove the leading “/”: names are relative to the project, such as util/helpers.py.";
      case "too-deep":
        return `Use fewer folders: at most ${issue.limit} levels.`;
      case "empty-part":
        return "Each folder and file needs a name: remove “//”, “.” and “..” parts.";
      case "bad-characters":
        return /^[.+-]/.test(issue.part)
          ? `Start “${issue.part}” with a letter, digit or “_”.`
          : "Use only letters, digits, “_”, “-”, “+” and “.”, with “/” between folders.";
      case "reserved":
        return "“main” is kept for the compiled program: add an extension, such as main.c.";
    }
  }
  const lower = path.toLowerCase();
  for (const other of others) {
    if (other.toLowerCase() === lower) return `A file named ${other} already exists: choose another name.`;
    if (other.startsWith(`${path}/`)) return `${path} is a folder here: choose another name.`;
    if (path.startsWith(`${other}/`)) return `${other} is a file, so it cannot be a folder: choose another name.`;
  }
  return null;
}

/** Whether `path` is a source file of the language (by extension). */
export function isSource(path: string, language: RunLanguage): boolean {
  return language.extensions.some((e) => path.endsWith(e));
}

/** The file the sandbox will run, by its own rule (`entryFile` of `@codeclass/sandbox/rules`). */
export function entryFile(language: RunLanguage, files: readonly RunFile[]): string | null {
  return sandboxEntryFile(language.id, files);
}

/** Monaco's language id for a file, by its extension; "plaintext" for anything else. */
export function editorLanguage(path: string, workspace: RunLanguageId): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  switch (ext) {
    case "py":
      return "python";
    case "h":
      return workspace === "cpp" ? "cpp" : "c";
    case "c":
      return "c";
    case "cpp":
    case "cc":
    case "cxx":
    case "hpp":
    case "hh":
    case "hxx":
      return "cpp";
    case "java":
      return "java";
    case "go":
      return "go";
    case "js":
    case "mjs":
    case "cjs":
      return "javascript";
    case "ts":
    case "mts":
    case "cts":
      return "typescript";
    default:
      return "plaintext";
  }
}

/** A first program for each language: it asks for a name, to show that the terminal takes input. */
export const starters: Record<RunLanguageId, RunFile> = {
  c: {
    path: "main.c",
    content: `#include <stdio.h>
#include <string.h>

int main(void) {
    char name[100];
    printf("What is your name? ");
    fflush(stdout);
    if (fgets(name, sizeof name, stdin) == NULL) {
        return 0;
    }
    name[strcspn(name, "\\n")] = '\\0';
    printf("Hello, %s!\\n", name);
    return 0;
}
`,
  },
  cpp: {
    path: "main.cpp",
    content: `#include <iostream>
#include <string>

int main() {
    std::string name;
    std::cout << "What is your name? " << std::flush;
    std::getline(std::cin, name);
    std::cout << "Hello, " << name << "!\\n";
    return 0;
}
`,
  },
  python: {
    path: "main.py",
    content: `name = input("What is your name? ")
print(f"Hello, {name}!")
`,
  },
  java: {
    path: "Main.java",
    content: `import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        System.out.print("What is your name? ");
        System.out.flush();
        String name = in.hasNextLine() ? in.nextLine() : "";
        System.out.println("Hello, " + name + "!");
    }
}
`,
  },
  go: {
    path: "main.go",
    content: `package main

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strings"
)

func main() {
\tfmt.Print("What is your name? ")
\tname, _ := bufio.NewReader(os.Stdin).ReadString('\\n')
\tfmt.Printf("Hello, %s!\\n", strings.TrimSpace(name))
}
`,
  },
  javascript: {
    path: "main.js",
    content: `const readline = require("node:readline");

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
rl.question("What is your name? ", (name) => {
  console.log(\`Hello, \${name}!\`);
  rl.close();
});
`,
  },
  typescript: {
    path: "main.ts",
    content: `import * as readline from "node:readline";

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
rl.question("What is your name? ", (name: string) => {
  console.log(\`Hello, \${name}!\`);
  rl.close();
});
`,
  },
};

/** A fresh copy of the language's starter project. */
export function starterFiles(language: RunLanguageId): RunFile[] {
  return [{ ...starters[language] }];
}

/** True when the workspace has nothing worth keeping: no files, or only blank ones. */
export function isBlank(files: readonly RunFile[]): boolean {
  return files.every((f) => f.content.trim() === "");
}

/** A free name for a new file of the language: helpers.py, helpers2.py, ... */
export function suggestFileName(language: RunLanguage, files: readonly RunFile[]): string {
  const ext = language.extensions[0] ?? "";
  const base = language.id === "java" ? "Helper" : "helpers";
  const taken = new Set(files.map((f) => f.path.toLowerCase()));
  for (let i = 1; ; i++) {
    const name = `${base}${i === 1 ? "" : i}${ext}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
