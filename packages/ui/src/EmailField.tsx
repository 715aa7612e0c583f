import { limits } from "@codeclass/validators";
import { TextInput, type TextInputProps } from "@mantine/core";

/**
 * An email input labelled "Email", required, with the platform's length limit and the
 * browser's email autofill (pass `autoComplete="off"` when it is someone else's address).
 */
export function EmailField(props: TextInputProps) {
  return <TextInput label="Email" type="email" autoComplete="email" required maxLength={limits.email} {...props} />;
}
