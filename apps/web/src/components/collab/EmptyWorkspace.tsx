import { createFile, setLanguage } from "@codeclass/workspace-doc";
import { Button, Paper, Text } from "@mantine/core";
import type * as Y from "yjs";
import { type RunLanguage, starters } from "../run/files.ts";

/** Shown when a writable workspace has no files: one click adds the language's starter program. */
export function EmptyWorkspace({ doc, language }: { doc: Y.Doc; language: RunLanguage | null }) {
  const id = language?.id ?? "python";
  const starter = starters[id];
  return (
    <Paper withBorder p="md" radius="md">
      <Text fw={600}>This workspace has no files yet.</Text>
      <Text size="sm" c="dimmed" mb="sm">
        Choose a language above, then add its starter program, or use New file to begin with an empty file.
      </Text>
      <Button
        onClick={() =>
          doc.transact(() => {
            if (!language) setLanguage(doc, id);
            createFile(doc, starter.path, starter.content);
          })
        }
      >
        Add the {language?.name ?? "Python"} starter ({starter.path})
      </Button>
    </Paper>
  );
}
