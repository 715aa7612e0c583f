import { getFiles } from "@codeclass/workspace-doc";
import { Code, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import type { CollabConnection } from "../collab/connection.ts";
import { useFilePaths, useMeta } from "../collab/useDocState.ts";

const previewLines = 8;

/** The first lines of a file of a live document, read again on every edit. */
function useFileHead(conn: CollabConnection | undefined, path: string | null): string {
  const [text, setText] = useState("");
  useEffect(() => {
    const file = conn && path ? getFiles(conn.doc).get(path) : undefined;
    if (!file) {
      setText("");
      return;
    }
    const read = () => setText(file.toString().split("\n").slice(0, previewLines).join("\n"));
    read();
    file.observe(read);
    return () => file.unobserve(read);
  }, [conn, path]);
  return text;
}

/** A glance at a group's workspace, live: its entry file (or first file) and how many files it has. */
export function GroupPreview({ conn }: { conn: CollabConnection | undefined }) {
  const paths = useFilePaths(conn?.doc ?? null);
  const meta = useMeta(conn?.doc ?? null);
  const path = meta.entry && paths.includes(meta.entry) ? meta.entry : (paths[0] ?? null);
  const head = useFileHead(conn, path);
  if (!conn) return null;
  if (!path)
    return (
      <Text size="xs" c="dimmed">
        No files yet.
      </Text>
    );
  return (
    <>
      <Text size="xs" c="dimmed">
        {path}
        {paths.length > 1 ? ` and ${paths.length - 1} more` : ""}
      </Text>
      <Code block style={{ maxHeight: 160, overflow: "hidden", fontSize: 11 }} aria-label={`Start of ${path}`}>
        {head || " "}
      </Code>
    </>
  );
}
