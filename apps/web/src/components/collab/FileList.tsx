import { ConfirmButton } from "@codeclass/ui";
import { Alert, Button, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { FileNameDialogs } from "../run/FileNameDialogs.tsx";
import { fileLimits, type RunLanguage, suggestFileName } from "../run/files.ts";
import classes from "./FileList.module.css";

export interface FileListProps {
  paths: readonly string[];
  activePath: string | null;
  /** The workspace's language (its extensions in the hint and the suggested name); null: none yet. */
  language: RunLanguage | null;
  readOnly: boolean;
  onSelect: (path: string) => void;
  /** Each throws an Error whose message says what is wrong (doc.ts checks the limits). */
  onCreate: (path: string) => void;
  onRename: (from: string, to: string) => void;
  onDelete: (path: string) => void;
}

/** The workspace's files, with buttons to add one and to rename or delete the open one. */
export function FileList({ paths, activePath, language, readOnly, onSelect, onCreate, onRename, onDelete }: FileListProps) {
  const [dialog, setDialog] = useState<"add" | "rename" | null>(null);
  const [suggested, setSuggested] = useState("");
  const [error, setError] = useState<string | null>(null);
  const hint = language ? `${language.name} files end in ${language.extensions.join(", ")}.` : "Give the file an extension, such as .py.";

  /** Runs a change, turning doc.ts's refusal into a sentence under the list. */
  const attempt = (change: () => void) => {
    try {
      change();
      setError(null);
      return true;
    } catch (e) {
      const raw = e instanceof Error ? e.message : String(e);
      // A name problem can be fixed with another name; a limit (too many files, too large) cannot.
      const aboutName = /^path: |already exists/.test(raw);
      const message = raw.replace(/^path: /, "");
      setError(`${message.charAt(0).toUpperCase()}${message.slice(1)}.${aboutName ? " Choose another name and try again." : ""}`);
      return false;
    }
  };

  return (
    <Stack gap="xs" component="nav" aria-label="Files">
      <Stack gap={2} component="ul" className={classes.list}>
        {paths.map((path) => (
          <li key={path}>
            <UnstyledButton
              className={classes.file}
              data-active={path === activePath || undefined}
              aria-current={path === activePath ? "true" : undefined}
              onClick={() => onSelect(path)}
            >
              <Text span ff="monospace" size="sm" style={{ overflowWrap: "anywhere" }}>
                {path}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
      {paths.length === 0 ? (
        <Text size="sm" c="dimmed">
          No files yet.
        </Text>
      ) : null}
      {readOnly ? null : (
        <Group gap={6} wrap="wrap">
          <Button
            size="compact-sm"
            variant="default"
            aria-haspopup="dialog"
            disabled={paths.length >= fileLimits.files}
            onClick={() => {
              setSuggested(
                language
                  ? suggestFileName(
                      language,
                      paths.map((path) => ({ path, content: "" })),
                    )
                  : "main.py",
              );
              setDialog("add");
            }}
          >
            New file
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            aria-haspopup="dialog"
            disabled={!activePath}
            aria-label={`Rename ${activePath ?? "file"}`}
            onClick={() => setDialog("rename")}
          >
            Rename
          </Button>
          <ConfirmButton
            size="compact-sm"
            variant="default"
            disabled={!activePath}
            aria-label={`Delete ${activePath ?? "file"}`}
            title={`Delete ${activePath}?`}
            message="The file and its comments are removed for everyone in this workspace. You can bring it back with Undo (Ctrl+Z) while this page is open."
            confirmLabel="Delete file"
            onConfirm={() => activePath && attempt(() => onDelete(activePath))}
          >
            Delete
          </ConfirmButton>
        </Group>
      )}
      {error ? (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)} p="xs">
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
      <FileNameDialogs
        open={dialog}
        onClose={() => setDialog(null)}
        suggested={suggested}
        paths={paths}
        activePath={activePath}
        hint={hint}
        onAdd={(path) => attempt(() => onCreate(path))}
        onRename={(from, to) => attempt(() => onRename(from, to))}
      />
    </Stack>
  );
}
