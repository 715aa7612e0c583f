import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { fileNameProblem } from "./files.ts";
import { type LanguageId, languageIds, languages } from "./languages.ts";
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
  .argument("<files...>", "source files (names relative to the current folder)")
  .addOption(new Option("--language <language>", "language (default: from the extension)").choices(languageIds))
  .option("--stdin <file>", "file to feed to standard input")
  .addOption(new Option("--driver <driver>", "sandbox driver (default: docker if available, else bwrap)").choices(["docker", "bwrap"]))
  .option("--json", "print {verdict, exitCode, signal, stdout, stderr, compileOutput, cpuMs, wallMs, memoryKb}")
  .option("--arg <arg...>", "arguments for the program")
  .action(async (paths: string[], o: { language?: LanguageId; stdin?: string; driver?: string; json?: boolean; arg?: string[] }) => {
    const files = paths.map((p) => {
      const name = path.relative(process.cwd(), path.resolve(p)).split(path.sep).join("/");
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
      console.log(JSON.stringify({ verdict, exitCode, signal, stdout, stderr, compileOutput, cpuMs, wallMs, memoryKb }));
    } else {
      process.stderr.write(
        `\n[${result.verdict}] ${result.message} · ${result.wallMs} ms wall, ${result.cpuMs} ms CPU, ${Math.round(result.memoryKb / 1024)} MiB (${choice.sandbox.driver})\n`,
      );
    }
    process.exit(result.verdict === "OK" ? 0 : result.verdict === "INTERNAL_ERROR" ? 2 : 1);
  });

program
  .command("languages")
  .description("list the languages and their versions")
  .action(() => {
    for (const id of languageIds) console.log(`${id.padEnd(11)} ${languages[id].name}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
