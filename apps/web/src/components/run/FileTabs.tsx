import { ConfirmButton } from "@codeclass/ui";
import { Button, Group, Tabs } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { FileNameDialogs } from "./FileNameDialogs.tsx";
import { fileLimits, type RunFile, type RunLanguage, suggestFileName } from "./files.ts";

export interface FileTabsProps {
  files: readonly RunFile[];
  activePath: string;
  language: RunLanguage;
  onSelect: (path: string) => void;
  onAdd: (path: string) => void;
  onRename: (from: string, to: string) => void;
  onDelete: (path: string) => void;
  onReset: () => void;
  /** The editor, shown as the active tab's panel. */
  children: ReactNode;
}

/** One tab per file, with buttons to add a file and to rename or delete the open one. */
export function FileTabs({ files, activePath, language, onSelect, onAdd, onRename, onDelete, onReset, children }: FileTabsProps) {
  const [dialog, setDialog] = useState<"add" | "rename" | null>(null);
  const [suggested, setSuggested] = useState("");
  const paths = files.map((f) => f.path);
  const extensions = language.extensions.join(", ");
  const hint = `${language.name} files end in ${extensions}.`;

  return (
    <Tabs value={activePath} onChange={(value) => value && onSelect(value)} variant="outline" keepMounted={false} activateTabWithKeyboard>
      <Group justify="space-between" align="flex-end" gap="xs" wrap="wrap">
        <Tabs.List aria-label="Files" style={{ flex: "1 1 320px", flexWrap: "wrap" }}>
          {files.map((f) => (
            <Tabs.Tab key={f.path} value={f.path} ff="monospace" fz="sm">
              {f.path}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Group gap="xs" pb={4} wrap="wrap">
          <Button
            size="xs"
            variant="default"
            aria-haspopup="dialog"
            disabled={files.length >= fileLimits.files}
            onClick={() => {
              setSuggested(suggestFileName(language, files));
              setDialog("add");
            }}
          >
            New file
          </Button>
          <Button
            size="xs"
            variant="default"
            aria-haspopup="dialog"
            aria-label={`Rename ${activePath}`}
            onClick={() => setDialog("rename")}
          >
            Rename
          </Button>
          <ConfirmButton
            size="xs"
            variant="default"
            aria-label={`Delete ${activePath}`}
            disabled={files.length <= 1}
            title={`Delete ${activePath}?`}
            message="The file and its code are removed from this browser. This cannot be undone."
            confirmLabel="Delete file"
            onConfirm={() => onDelete(activePath)}
          >
            Delete
          </ConfirmButton>
          <ConfirmButton
            size="xs"
            variant="default"
            title="Start over?"
            message={`All your ${language.name} files in this course are replaced by the starter program. This cannot be undone.`}
            confirmLabel="Start over"
            onConfirm={onReset}
          >
            Start over
          </ConfirmButton>
        </Group>
      </Group>
      <Tabs.Panel value={activePath} pt="xs">
        {children}
      </Tabs.Panel>
      <FileNameDialogs
        open={dialog}
        onClose={() => setDialog(null)}
        suggested={suggested}
        paths={paths}
        activePath={activePath}
        hint={hint}
        onAdd={onAdd}
        onRename={onRename}
      />
    </Tabs>
  );
}
