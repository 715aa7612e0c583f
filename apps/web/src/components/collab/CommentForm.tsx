import { workspaceLimits } from "@codeclass/workspace-doc";
import { Button, Group, Paper, Stack, Textarea } from "@mantine/core";
import { type FormEvent, useState } from "react";

export interface CommentFormProps {
  file: string;
  line: number;
  /** Throws an Error saying what is wrong (too long, too many comments). */
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/** A small form for a comment on one line of a file. */
export function CommentForm({ file, line, onSubmit, onCancel }: CommentFormProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError("Write the comment first.");
      return;
    }
    try {
      onSubmit(text);
    } catch (e) {
      setError(e instanceof Error ? `${e.message}.` : String(e));
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" component="form" onSubmit={submit} aria-label={`Comment on line ${line} of ${file}`}>
      <Stack gap="xs">
        <Textarea
          label={`Comment on line ${line} of ${file}`}
          description="The student sees it beside the line and can mark it resolved."
          autosize
          minRows={2}
          maxRows={8}
          maxLength={workspaceLimits.commentChars}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") onCancel();
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
          }}
          error={error}
          data-autofocus
          autoFocus
        />
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="xs" type="submit">
            Add comment
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
