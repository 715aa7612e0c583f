import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { languages } from "./languages.ts";
import { fileNameProblem, type LanguageId, languageIds } from "./rules.ts";
import { selectSandbox } from "./select.ts";
import { type RunResult, SandboxInputError } from "./types.ts";

/** Guesses the language from the files' extensions. */
function guessLanguage(paths: string[]): LanguageId | null {
  for (const p of paths) {
    const found = languageIds.find((id) => languages[id].extensions[0] === path.extname(p));
    if (found) return found;
  }
  return null;
}

const program = new Command("sandbox").description("Run code in the Codeclass sandbox").exitOverride().showHelpAfterError();

program
  .command("run")
  .description("compile and run files; prints the program's output, or one JSON object with --json")
  .argument("<files...>", "source files (named in the box relative to the folder they have in common)")
  .addOption(new Option("--language <language>", "language (default: from the extension)").choices(languageIds))
  .option("--stdin <file>", "file to feed to standard input")
  .addOption(new Option("--driver <driver>", "sandbox driver (default: docker if available, else bwrap)").choices(["docker", "bwrap"]))
  .option("--json", "print {verdict, exitCode, signal, stdout, stderr, compileOutput, cpuMs, wallMs, memoryKb}")
  .option("--arg <arg...>", "arguments for the program")
  .action(async (paths: string[], o: { language?: LanguageId; stdin?: string; driver?: string; json?: boolean; arg?: string[] }) => {
    const base = commonFolder(paths.map((p) => path.dirname(path.resolve(p))));
    const files = paths.map((p) => {
      const name = path.relative(base, path.resolve(p)).split(path.sep).join("/");
      const problem = fileNameProblem(name);
      if (problem) throw new SandboxInputError(problem, "files");
      return { path: name, content: fs.readFileSync(p, "utf8") };
    });
    const language = o.language ?? guessLanguage(paths);
    if (!language) throw new SandboxInputError(`cannot tell the language of ${paths.join(", ")}: pass --language`, "language");
    const choice = await selectSandbox(o.driver);
    if (!choice.ok) throw new Error(choice.reason);
    const stdin = o.stdin ? fs.readFileSync(o.stdin, "utf8") : undefined;
    let result: RunResult;
    try {
      const handle = await choice.sandbox.start({ language, files, stdin, args: o.arg ?? [] }, (e) => {
        if (o.json) return;
        if (e.type === "stdout") process.stdout.write(e.data);
        else if (e.type === "stderr" || e.type === "compile") process.stderr.write(e.data);
      });
      result = await handle.done;
    } finally {
      await choice.sandbox.close();
    }
    if (o.json) {
      const { verdict, exitCode, signal, stdout, stderr, compileOutput, cpuMs, wallMs, memoryKb } = result;
      process.stdout.write(`${JSON.stringify({ verdict, exitCode, signal, stdout, stderr, compileOutput, cpuMs, wallMs, memoryKb })}\n`);
    } else {
      process.stderr.write(
        `\n[${result.verdict}] ${result.message} · ${result.wallMs} ms wall, ${result.cpuMs} ms CPU, ${Math.round(result.memoryKb / 1024)} MiB (${choice.sandbox.driver})\n`,
      );
    }
    await exit(result.verdict === "OK" ? 0 : result.verdict === "INTERNAL_ERROR" ? 2 : 1);
  });

program
  .command("languages")
  .description("list the languages and their versions")
  .action(() => {
    for (const id of languageIds) console.log(`${id.padEnd(11)} ${languages[id].name}`);
  });

/**
 * Exits once stdout and stderr are flushed: written to a pipe, output past the pipe's 64 KiB is
 * still queued in this process, and process.exit() right away would cut it.
 */
async function exit(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
  process.exit(code);
}

/** The deepest folder holding every one of `dirs` (absolute), so files are named as in their project. */
function commonFolder(dirs: string[]): string {
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (common !== path.dirname(common) && isOutside(path.relative(common, dir))) common = path.dirname(common);
  }
  return common;
}

const isOutside = (relative: string) => relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) await exit(e.exitCode);
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  await exit(2);
}
