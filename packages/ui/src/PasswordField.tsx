import { PasswordInput, type PasswordInputProps } from "@mantine/core";

/**
 * A password input with a show/hide toggle. The toggle is named "Show characters" so that the
 * field's own label (e.g. "Password") stays the only accessible name that mentions a password.
 */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput visibilityToggleButtonProps={{ "aria-label": "Show characters" }} {...props} />;
}
