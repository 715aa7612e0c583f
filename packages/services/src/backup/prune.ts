import fs from "node:fs/promises";
import path from "node:path";

const backupName = /^codeclass-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)(\.partial)?$/;

/**
 * Deletes backups older than `keepDays` (by the time in their name), and unfinished `.partial`
 * folders older than a day; the newest whole backup is always kept. Returns the deleted names.
 */
export async function pruneBackups(root: string, keepDays: number, now = new Date()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const backups = names
    .map((name) => {
      const m = backupName.exec(name);
      if (!m) return null;
      const [date, time] = m[1]!.split("T");
      return { name, at: Date.parse(`${date}T${time!.replaceAll("-", ":")}`), partial: Boolean(m[2]) };
    })
    .filter((b) => b !== null)
    .sort((a, b) => b.at - a.at);
  const newestWhole = backups.find((b) => !b.partial)?.name;
  const deleted: string[] = [];
  for (const b of backups) {
    const limit = b.partial ? 86_400_000 : keepDays * 86_400_000;
    if (b.name === newestWhole || now.getTime() - b.at <= limit) continue;
    await fs.rm(path.join(root, b.name), { recursive: true, force: true });
    deleted.push(b.name);
  }
  return deleted;
}
