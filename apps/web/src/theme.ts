import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  luminance,
  NativeSelect,
  Notification,
  PasswordInput,
  Textarea,
  TextInput,
} from "@mantine/core";

// No "*" after required labels: optional fields say "Optional" instead, and labels stay exactly
// their words ("Email", not "Email *"), which is what people and tests look for.
const noAsterisk = { defaultProps: { withAsterisk: false } };

/** WCAG contrast ratio of two hex colours. */
function contrast(a: string, b: string) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color`, darkened in small steps until its contrast on `background` reaches WCAG AA (4.5:1) with a margin. */
function readableOn(color: string, background: string) {
  let result = color;
  for (let amount = 0.05; contrast(result, background) < 4.6 && amount < 1; amount += 0.05) result = darken(color, amount);
  return result;
}

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7 in the light scheme: white on indigo 6 is 4.3:1, on indigo 7 it is 5.0:1.
  primaryShade: { light: 7, dark: 8 },
  // Filled colours get black or white text, whichever reads better: 0.179 is the luminance above
  // which black gives more contrast than white, so either way it is at least 4.5:1.
  autoContrast: true,
  luminanceThreshold: 0.179,
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
    // Mantine's close button on a notification is an icon with no name for a screen reader.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close the message" } } }),
  },
});

const palette = { ...DEFAULT_THEME.colors, ...theme.colors };
const lightBody = "#ffffff";
// Dimmed text stays AA on the page and on the light grey panels (gray 0 and 1) it sits on.
const lightDimmed = readableOn(palette.gray[6], palette.gray[1]);

/**
 * Colours Mantine's defaults leave below WCAG AA (4.5:1 for normal text): dimmed text (gray 6 is
 * 3.3:1 on white), coloured text and outlines in the light scheme (green 7 is 2.8:1), and the
 * light variant's text on its tint (a yellow badge is 2.7:1). Dark-scheme text colours already pass,
 * except dimmed (dark 2 is 4.0:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": lightDimmed,
    "--mantine-color-placeholder": lightDimmed,
  };
  for (const [name, shades] of Object.entries(palette)) {
    if (name === "dark" || !shades) continue;
    const strong = readableOn(shades[7], lightBody);
    light[`--mantine-color-${name}-text`] = strong;
    light[`--mantine-color-${name}-outline`] = strong;
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], shades[1]);
  }
  return {
    variables: {},
    light,
    dark: { "--mantine-color-dimmed": "#a3a3a3", "--mantine-color-placeholder": "#a3a3a3" },
  };
};
