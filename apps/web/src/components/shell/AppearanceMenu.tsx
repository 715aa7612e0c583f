import { ActionIcon, NativeSelect, Popover, SegmentedControl, Stack, Text } from "@mantine/core";
import { useId } from "react";
import { type ColorSchemePreference, FONT_SIZE_MAX, FONT_SIZE_MIN, useAppearance } from "../../lib/appearance.ts";

const schemes: { value: ColorSchemePreference; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

const sizes = [10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28].filter((s) => s >= FONT_SIZE_MIN && s <= FONT_SIZE_MAX);
const sizeOptions = sizes.map((s) => ({ value: String(s), label: `${s} px` }));

/** Half sun, half moon: the usual sign for light/dark settings. */
function AppearanceIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 3a9 9 0 0 0 0 18z" fill="currentColor" />
    </svg>
  );
}

/**
 * The header's appearance settings: theme (system, light, dark) and the editor's and terminal's
 * font sizes. A dialog-like popover: Tab moves through its controls, Escape closes it and returns
 * the focus to its button.
 */
export function AppearanceMenu() {
  const appearance = useAppearance();
  const titleId = useId();
  const schemeLabelId = useId();
  return (
    <Popover position="bottom-end" width={260} withinPortal trapFocus returnFocus shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Appearance settings">
          <AppearanceIcon />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-labelledby={titleId}>
        <Stack gap="sm">
          <Text id={titleId} fw={600} size="sm">
            Appearance
          </Text>
          <div>
            <Text id={schemeLabelId} size="sm" fw={500} mb={4}>
              Theme
            </Text>
            <SegmentedControl
              fullWidth
              size="xs"
              aria-labelledby={schemeLabelId}
              data={schemes}
              value={appearance.preference}
              onChange={(value) => appearance.setPreference(value as ColorSchemePreference)}
            />
          </div>
          <NativeSelect
            label="Editor font size"
            size="xs"
            data={sizeOptions}
            value={String(appearance.editorFontSize)}
            onChange={(event) => appearance.setEditorFontSize(Number(event.currentTarget.value))}
          />
          <NativeSelect
            label="Terminal font size"
            size="xs"
            data={sizeOptions}
            value={String(appearance.terminalFontSize)}
            onChange={(event) => appearance.setTerminalFontSize(Number(event.currentTarget.value))}
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
