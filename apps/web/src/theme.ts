import { createTheme, NativeSelect, PasswordInput, Textarea, TextInput } from "@mantine/core";

// No "*" after required labels: optional fields say "Optional" instead, and labels stay exactly
// their words ("Email", not "Email *"), which is what people and tests look for.
const noAsterisk = { defaultProps: { withAsterisk: false } };

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  // Focus rings for keyboard users on every interactive element, never for mouse clicks.
  focusRing: "auto",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  headings: { fontWeight: "650" },
  components: {
    TextInput: TextInput.extend(noAsterisk),
    PasswordInput: PasswordInput.extend(noAsterisk),
    Textarea: Textarea.extend(noAsterisk),
    NativeSelect: NativeSelect.extend(noAsterisk),
  },
});
