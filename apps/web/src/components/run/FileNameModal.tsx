import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import { fileLimits, fileNameProblem } from "./files.ts";

export interface FileNameModalProps {
  opened: boolean;
  /** "Add a file" or "Rename main.py". */
  title: string;
  /** The confirming button's text, e.g. "Add file". */
  submitLabel: string;
  /** The name the field starts with. */
  initialName: string;
  /** The workspace's other file names (for the duplicate check). */
  otherPaths: readonly string[];
  /** A hint under the field, e.g. which extension the language's files need. */
  hint: string;
  onSubmit: (path: string) => void;
  onClose: () => void;
}

/** Asks for a file name (add or rename), checking it the way the sandbox will. */
export function FileNameModal({ opened, title, submitLabel, initialName, otherPaths, hint, onSubmit, onClose }: FileNameModalProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setName(initialName);
      setError(null);
    }
  }, [opened, initialName]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const path = name.trim();
    const problem = fileNameProblem(path, otherPaths);
    setError(problem);
    if (problem) return;
    onSubmit(path);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="File name"
            description={hint}
            placeholder="util/helpers.py"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={fileLimits.pathLength}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
            onFocus={(e) => {
              // Select the name without its extension, as file managers do, so typing replaces it.
              const input = e.currentTarget;
              const slash = input.value.lastIndexOf("/") + 1;
              const dot = input.value.lastIndexOf(".");
              input.setSelectionRange(slash, dot > slash ? dot : input.value.length);
            }}
          />
          <Text size="xs" c="dimmed">
            Use “/” for folders, as in util/helpers.py.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">{submitLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
