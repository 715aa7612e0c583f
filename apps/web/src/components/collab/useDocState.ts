import { type Comment, getComments, getFiles, getMeta, getMetaMap, type WorkspaceMeta } from "@codeclass/workspace-doc";
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { readComments } from "./remoteData.ts";

/** A value read from a Y type, read again after every change inside it. */
function useObserved<T>(type: Y.AbstractType<any> | null, read: () => T, deep: boolean, initial: T): T {
  const [value, setValue] = useState<T>(() => (type ? read() : initial));
  useEffect(() => {
    if (!type) {
      setValue(initial);
      return;
    }
    const update = () => setValue(read());
    update();
    if (deep) type.observeDeep(update);
    else type.observe(update);
    return () => (deep ? type.unobserveDeep(update) : type.unobserve(update));
  }, [type, deep]);
  return value;
}

/** The workspace's file paths, sorted; changes only when a file is added, renamed or deleted. */
export function useFilePaths(doc: Y.Doc | null): string[] {
  return useObserved(doc ? getFiles(doc) : null, () => [...getFiles(doc!).keys()].sort(), false, []);
}

/** The workspace's language and entry file (`meta`). */
export function useMeta(doc: Y.Doc | null): WorkspaceMeta {
  return useObserved(doc ? getMetaMap(doc) : null, () => getMeta(doc!), false, { language: null, entry: null });
}

/** Every well-formed review comment, oldest first (a malformed one from another client is left out). */
export function useComments(doc: Y.Doc | null): Comment[] {
  return useObserved(doc ? getComments(doc) : null, () => readComments(doc!), false, []);
}
