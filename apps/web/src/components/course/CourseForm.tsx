import { FormError } from "@codeclass/ui";
import { courseFields, limits } from "@codeclass/validators";
import { Button, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { Link } from "react-router";
import { splitFormError } from "../../lib/errors.ts";
import { validate } from "../../lib/validate.ts";

/** What the course form edits; an empty term means "no term". */
export interface CourseFormValues {
  code: string;
  title: string;
  term: string;
  description: string;
}

const fields = ["code", "title", "term", "description"] as const;
type Field = (typeof fields)[number];

export interface CourseFormProps {
  /** Starting values: blank for a new course, the course's own for an edit. */
  initialValues: CourseFormValues;
  /** The submit button's text: "Create course" or "Save". */
  submitLabel: string;
  /** Where "Cancel" goes. */
  cancelTo: string;
  /** Called with trimmed values once they pass the shared course schema. */
  onSubmit: (values: { code: string; title: string; term: string | null; description: string }) => void;
  /** True while the save is in flight. */
  pending: boolean;
  /** The save's error, if it failed; shown under the fields it names, or above the buttons. */
  error: unknown;
}

/** The fields of a course (code, title, term, description), checked as the server checks them. */
export function CourseForm({ initialValues, submitLabel, cancelTo, onSubmit, pending, error }: CourseFormProps) {
  const [values, setValues] = useState(initialValues);
  const [clientErrors, setClientErrors] = useState<Partial<Record<Field, string>>>({});
  // The server's errors show until the next submit; the browser's until the field is edited.
  const server = splitFormError(error, fields);

  const set = (field: Field) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setClientErrors((errs) => ({ ...errs, [field]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const payload = {
      code: values.code.trim(),
      title: values.title.trim(),
      term: values.term.trim() || null,
      description: values.description.trim(),
    };
    const invalid = validate(courseFields, payload);
    setClientErrors(invalid ?? {});
    if (invalid) return;
    onSubmit(payload);
  };

  const errorOf = (field: Field) => clientErrors[field] ?? server.fieldErrors[field];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={640}>
        <TextInput
          label="Code"
          description="A short name such as CS101: letters, digits, '.', '_' and '-'."
          required
          maxLength={limits.courseCode}
          autoComplete="off"
          spellCheck={false}
          value={values.code}
          onChange={set("code")}
          error={errorOf("code")}
        />
        <TextInput
          label="Title"
          required
          maxLength={limits.courseTitle}
          autoComplete="off"
          value={values.title}
          onChange={set("title")}
          error={errorOf("title")}
        />
        <TextInput
          label="Term"
          description="Optional, e.g. Spring 2026."
          maxLength={limits.courseTerm}
          autoComplete="off"
          value={values.term}
          onChange={set("term")}
          error={errorOf("term")}
        />
        <Textarea
          label="Description"
          description="Optional. What the course covers, for the people enrolled in it."
          autosize
          minRows={4}
          maxRows={16}
          maxLength={limits.courseDescription}
          value={values.description}
          onChange={set("description")}
          error={errorOf("description")}
        />
        <FormError message={server.formError} />
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          <Button component={Link} to={cancelTo} variant="default">
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
