import { Button, type ButtonProps, Group, Modal, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type ReactNode, useState } from "react";

export interface ConfirmButtonProps extends Omit<ButtonProps, "children" | "onClick"> {
  /** The button's text, e.g. "Remove". */
  children: ReactNode;
  /** An accessible name for the button when its text alone is ambiguous, e.g. "Remove Ada Lovelace". */
  "aria-label"?: string;
  /** The dialog's heading, e.g. "Remove Ada Lovelace?". */
  title: string;
  /** What will happen, in a sentence or two. */
  message: ReactNode;
  /** The confirming button's text; defaults to the button's own text. */
  confirmLabel?: string;
  /**
   * Runs when the reader confirms. The dialog stays open, with its button loading, until the
   * returned promise settles; it closes on success and stays open on failure so the reader can
   * retry or cancel (report the failure from here, e.g. with a notification).
   */
  onConfirm: () => unknown;
}

/** A button that asks "are you sure?" in a dialog before doing something hard to undo. */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  color = "red",
  "aria-label": ariaLabel,
  ...buttonProps
}: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const [pending, setPending] = useState(false);

  const confirm = async () => {
    setPending(true);
    try {
      await onConfirm();
      close();
    } catch {
      // The caller reports the failure; keep the dialog open so the reader can retry or cancel.
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button color={color} aria-label={ariaLabel} aria-haspopup="dialog" {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={pending ? () => {} : close} title={title} centered>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="lg" gap="sm">
          <Button variant="default" onClick={close} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button color={color} onClick={confirm} loading={pending}>
            {confirmLabel ?? children}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
