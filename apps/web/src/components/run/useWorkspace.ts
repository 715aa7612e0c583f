import { languageIds } from "@codeclass/sandbox/rules";
import { notifications } from "@mantine/notifications";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isBlank, type RunFile, type RunLanguageId, starterFiles } from "./files.ts";

/** One language's files in a course, and which file is open. */
interface LanguageWorkspace {
  files: RunFile[];
  active: string;
}

interface StoredWorkspace {
  language: RunLanguageId | null;
  workspaces: Partial<Record<RunLanguageId, LanguageWorkspace>>;
}

// The sandbox's languages: its rules module is their one home.

/** Files live in this browser only, per course, until the collaborative IDE stores them on the server. */
function storageKey(courseId: string) {
  return `codeclass:run:v1:${courseId}`;
}

function isFile(value: unknown): value is RunFile {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RunFile).path === "string" &&
    typeof (value as RunFile).content === "string"
  );
}

/** Reads what was saved, dropping anything malformed (an older format, a hand edit). */
function load(courseId: string): StoredWorkspace {
  const empty: StoredWorkspace = { language: null, workspaces: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(storageKey(courseId)) ?? "null");
  } catch {
    return empty;
  }
  if (typeof raw !== "object" || raw === null) return empty;
  const { language, workspaces } = raw as { language?: unknown; workspaces?: unknown };
  const out: StoredWorkspace = {
    language: languageIds.includes(language as RunLanguageId) ? (language as RunLanguageId) : null,
    workspaces: {},
  };
  if (typeof workspaces === "object" && workspaces !== null) {
    for (const id of languageIds) {
      const ws = (workspaces as Record<string, unknown>)[id] as { files?: unknown; active?: unknown } | undefined;
      if (!ws || !Array.isArray(ws.files)) continue;
      const files = ws.files.filter(isFile).map((f) => ({ path: f.path, content: f.content }));
      // A blank workspace gets the starter program instead (see workspaceFor).
      if (files.length === 0 || isBlank(files)) continue;
      const active = typeof ws.active === "string" && files.some((f) => f.path === ws.active) ? ws.active : files[0]!.path;
      out.workspaces[id] = { files, active };
    }
  }
  return out;
}

/**
 * The language's files, or its starter program when it has none. Blank workspaces are dropped when
 * loading and when switching language, not while typing: emptying a file must not bring the starter back.
 */
function workspaceFor(stored: StoredWorkspace, language: RunLanguageId): LanguageWorkspace {
  const ws = stored.workspaces[language];
  if (ws) return ws;
  const files = starterFiles(language);
  return { files, active: files[0]!.path };
}

export interface Workspace {
  language: RunLanguageId;
  files: RunFile[];
  /** The files now, including a change React has not rendered yet (what Run must send). */
  currentFiles: () => RunFile[];
  activePath: string;
  /** Changes when the files are replaced at once (Start over), for the editor to reload them. */
  revision: number;
  setLanguage: (language: RunLanguageId) => void;
  setActive: (path: string) => void;
  updateFile: (path: string, content: string) => void;
  addFile: (path: string) => void;
  renameFile: (from: string, to: string) => void;
  deleteFile: (path: string) => void;
  /** Replaces this language's files with its starter program. */
  reset: () => void;
}

/**
 * The run page's files for a course, one set per language, saved in localStorage so a reload
 * keeps them. `available` are the languages the server offers; when the saved language is not one
 * of them, Python (or else the first offered) is shown.
 */
export function useWorkspace(courseId: string, available: readonly RunLanguageId[]): Workspace {
  const [stored, setStored] = useState(() => load(courseId));
  const [revision, setRevision] = useState(0);
  const language: RunLanguageId =
    stored.language && available.includes(stored.language)
      ? stored.language
      : available.includes("python")
        ? "python"
        : (available[0] ?? "python");
  const current = useMemo(() => workspaceFor(stored, language), [stored, language]);

  // Save shortly after the last change, and before the page goes away.
  const latest = useRef(stored);
  latest.current = stored;
  const warned = useRef(false);
  const save = useCallback(() => {
    try {
      localStorage.setItem(storageKey(courseId), JSON.stringify(latest.current));
    } catch {
      if (warned.current) return;
      warned.current = true;
      notifications.show({
        color: "orange",
        title: "Your files are not being saved",
        message: "This browser's storage is full or turned off. Copy your code somewhere safe before you leave the page.",
        autoClose: false,
      });
    }
  }, [courseId]);
  useEffect(() => {
    const timer = setTimeout(save, 300);
    return () => clearTimeout(timer);
  }, [stored, save]);
  useEffect(() => {
    window.addEventListener("pagehide", save);
    return () => {
      window.removeEventListener("pagehide", save);
      save();
    };
  }, [save]);

  // The files as the last change left them, before React renders it: Run right after a paste
  // (Ctrl+Enter a moment after the editor's change) must run what the editor shows.
  // Every change goes through it (and then to React), so it is never behind.
  const shadow = useRef(stored);
  const change = useCallback(
    (update: (ws: LanguageWorkspace) => LanguageWorkspace) => {
      const prev = shadow.current;
      const next = { ...prev, language, workspaces: { ...prev.workspaces, [language]: update(workspaceFor(prev, language)) } };
      shadow.current = next;
      setStored(next);
    },
    [language],
  );

  return {
    language,
    files: current.files,
    currentFiles: () => workspaceFor(shadow.current, language).files,
    activePath: current.active,
    revision,
    setLanguage: (next) => {
      const workspaces = { ...shadow.current.workspaces };
      const ws = workspaces[next];
      if (ws && isBlank(ws.files)) delete workspaces[next];
      shadow.current = { language: next, workspaces };
      setStored(shadow.current);
    },
    setActive: (path) => change((ws) => ({ ...ws, active: path })),
    updateFile: (path, content) =>
      change((ws) =>
        ws.files.some((f) => f.path === path) ? { ...ws, files: ws.files.map((f) => (f.path === path ? { path, content } : f)) } : ws,
      ),
    addFile: (path) => change((ws) => ({ files: [...ws.files, { path, content: "" }], active: path })),
    renameFile: (from, to) =>
      change((ws) => ({
        files: ws.files.map((f) => (f.path === from ? { path: to, content: f.content } : f)),
        active: ws.active === from ? to : ws.active,
      })),
    deleteFile: (path) =>
      change((ws) => {
        const index = ws.files.findIndex((f) => f.path === path);
        const files = ws.files.filter((f) => f.path !== path);
        if (files.length === 0) return ws;
        const active = ws.active === path ? files[Math.max(0, index - 1)]!.path : ws.active;
        return { files, active };
      }),
    reset: () => {
      change(() => {
        const files = starterFiles(language);
        return { files, active: files[0]!.path };
      });
      setRevision((r) => r + 1);
    },
  };
}
