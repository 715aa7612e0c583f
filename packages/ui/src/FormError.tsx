import { Alert } from "@mantine/core";

export interface FormErrorProps {
  /** The error to show; nothing is rendered when it is empty. */
  message: string | null | undefined;
}

/** A form-level error (one not tied to a single field), announced to screen readers. */
export function FormError({ message }: FormErrorProps) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" p="sm">
      {message}
    </Alert>
  );
}
