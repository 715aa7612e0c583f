/** The file tree's rows and moves, from a workspace's flat paths (a folder is only a path prefix). */

export interface TreeRow {
  kind: "file" | "folder";
  /** The file's path, or the folder's (no trailing slash). */
  path: string;
  /** The last part of the path. */
  name: string;
  /** 0 at the top level. */
  depth: number;
  /** Folders: whether their children are shown. */
  expanded: boolean;
  /** The folder it is in ("" at the top level). */
  parent: string;
}

/** The folder a path is in: "src/util.py" → "src", "main.py" → "". */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** The last part of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Where a file goes when moved into `folder` ("" is the top level). */
export function movedPath(path: string, folder: string): string {
  return folder ? `${folder}/${baseName(path)}` : baseName(path);
}

/** Every folder the paths imply, plus `extra` ones (made empty in this browser), each with its parents. */
export function allFolders(paths: readonly string[], extra: readonly string[] = []): string[] {
  const folders = new Set<string>();
  for (const p of [...paths.map(folderOf), ...extra]) {
    let f = p;
    while (f) {
      folders.add(f);
      f = folderOf(f);
    }
  }
  return [...folders].sort();
}

/**
 * The rows shown, in order: in each folder, its folders first and then its files, each by name;
 * the children of a collapsed folder are left out.
 */
export function treeRows(paths: readonly string[], extraFolders: readonly string[], collapsed: ReadonlySet<string>): TreeRow[] {
  const folders = allFolders(paths, extraFolders);
  const rows: TreeRow[] = [];
  const byName = (a: string, b: string) => baseName(a).localeCompare(baseName(b));
  const visit = (folder: string, depth: number) => {
    for (const f of folders.filter((x) => folderOf(x) === folder).sort(byName)) {
      const expanded = !collapsed.has(f);
      rows.push({ kind: "folder", path: f, name: baseName(f), depth, expanded, parent: folder });
      if (expanded) visit(f, depth + 1);
    }
    for (const p of paths.filter((x) => folderOf(x) === folder).sort(byName))
      rows.push({ kind: "file", path: p, name: baseName(p), depth, expanded: false, parent: folder });
  };
  visit("", 0);
  return rows;
}
