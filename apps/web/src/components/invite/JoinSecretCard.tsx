import { ConfirmButton, FormError } from "@codeclass/ui";
import type { JoinKind } from "@codeclass/validators";
import {
  Badge,
  Box,
  Button,
  Card,
  CopyButton,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import QRCode from "react-qr-code";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { PresentButton } from "./PresentButton.tsx";
import type { JoinSecretView, JoinSettings } from "./types.ts";

const names: Record<JoinKind, { title: string; thing: string; about: string }> = {
  code: {
    title: "Join code",
    thing: "join code",
    about: "Students type it at /join after signing in. Good for a lab or a lecture hall.",
  },
  link: {
    title: "Invitation link",
    thing: "invitation link",
    about: "Anyone who opens it and signs in can join. Post it in your course chat or on a slide.",
  },
};

const hour = 3600 * 1000;
const expiryChoices = [
  { value: "keep", label: "Keep as it is" },
  { value: "never", label: "Never" },
  { value: String(hour), label: "In 1 hour" },
  { value: String(24 * hour), label: "In 1 day" },
  { value: String(7 * 24 * hour), label: "In 1 week" },
  { value: String(30 * 24 * hour), label: "In 30 days" },
  { value: String(90 * 24 * hour), label: "In 90 days" },
];

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function status(view: JoinSecretView | null): { label: string; color: string } {
  if (!view?.enabled) return { label: "Off", color: "gray" };
  return view.active ? { label: "On", color: "green" } : { label: "Expired", color: "orange" };
}

function expiryText(view: JoinSecretView): string {
  if (!view.expiresAt) return "Never expires.";
  return `${view.active || !view.enabled ? "Expires" : "Expired"} ${dateTime.format(view.expiresAt)}.`;
}

/**
 * One way into the course (the join code or the invitation link): the secret with a copy button
 * (and a QR code for the link), and for instructors on/off, the role it gives, when it expires,
 * and a new secret.
 */
export function JoinSecretCard({
  courseId,
  kind,
  view,
  canManage,
}: {
  courseId: string;
  kind: JoinKind;
  view: JoinSecretView | null;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const name = names[kind];
  const [role, setRole] = useState<"student" | "ta" | null>(null);
  const [expiry, setExpiry] = useState("keep");
  const saved = async (settings: JoinSettings) => {
    queryClient.setQueryData(trpc.invite.settings.queryKey({ courseId }), settings);
  };
  const update = useMutation(trpc.invite.update.mutationOptions({ onSuccess: saved }));
  const regenerate = useMutation(trpc.invite.regenerate.mutationOptions({ onSuccess: saved }));
  const shown = status(view);
  // The switch shows the asked-for state while the server answers, as a switch is expected to. It is
  // set in the change event itself: a controlled checkbox whose state does not change in that event
  // snaps back until the mutation's own state arrives.
  const [switchedTo, setSwitchedTo] = useState<boolean | null>(null);
  const currentRole = role ?? view?.role ?? "student";
  const changed = (role !== null && role !== (view?.role ?? "student")) || expiry !== "keep";

  const toggle = (enabled: boolean) => {
    setSwitchedTo(enabled);
    update.mutate(
      { courseId, kind, enabled },
      {
        onSettled: () => setSwitchedTo(null),
        onSuccess: () =>
          notifications.show({ color: enabled ? "green" : "gray", message: `The ${name.thing} is ${enabled ? "on" : "off"}.` }),
      },
    );
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = expiry === "keep" ? undefined : expiry === "never" ? null : new Date(Date.now() + Number(expiry));
    update.mutate(
      { courseId, kind, role: currentRole, expiresAt },
      {
        onSuccess: () => {
          setRole(null);
          setExpiry("keep");
          notifications.show({ color: "green", message: `The ${name.thing}'s settings are saved.` });
        },
      },
    );
  };

  const secret = view?.kind === "link" ? (view.url ?? "") : (view?.secret ?? "");
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            {name.title}
          </Title>
          <Badge color={shown.color} variant="light">
            {shown.label}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {name.about}
        </Text>
        {canManage ? (
          <Switch
            label={`${name.title} on`}
            checked={switchedTo ?? view?.enabled ?? false}
            disabled={update.isPending}
            onChange={(e) => toggle(e.currentTarget.checked)}
          />
        ) : null}
        {view ? (
          <>
            {kind === "code" ? (
              <Text ff="monospace" fz={32} fw={700} lh={1.1}>
                {view.secret}
              </Text>
            ) : (
              <TextInput label="Invitation link" value={secret} readOnly onFocus={(e) => e.currentTarget.select()} />
            )}
            <Group gap="xs">
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" color={copied ? "teal" : undefined} onClick={copy}>
                    {copied ? "Copied" : `Copy the ${kind === "code" ? "code" : "link"}`}
                  </Button>
                )}
              </CopyButton>
              <PresentButton kind={kind} secret={view.secret} url={view.url} />
            </Group>
            {kind === "link" && view.url ? (
              <Box bg="white" p="xs" w="fit-content" style={{ borderRadius: 4 }}>
                <QRCode value={view.url} size={128} role="img" aria-label="QR code of the invitation link" />
              </Box>
            ) : null}
            <Text size="sm">
              Joins as {view.role === "ta" ? "a TA" : "a student"}. {expiryText(view)}
            </Text>
          </>
        ) : (
          <Text size="sm">
            {canManage ? `Turn it on to make a ${name.thing}.` : `The instructor has not turned on a ${name.thing} yet.`}
          </Text>
        )}
        {canManage && view ? (
          <form onSubmit={save} aria-label={`${name.title} settings`}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Stack gap={4}>
                <Text size="sm" fw={500} id={`${headingId}-role`}>
                  Joins as
                </Text>
                <SegmentedControl
                  aria-labelledby={`${headingId}-role`}
                  size="xs"
                  data={[
                    { value: "student", label: "Student" },
                    { value: "ta", label: "TA" },
                  ]}
                  value={currentRole}
                  onChange={(v) => setRole(v as "student" | "ta")}
                />
              </Stack>
              <NativeSelect
                label="Expires"
                size="xs"
                data={expiryChoices}
                value={expiry}
                onChange={(e) => setExpiry(e.currentTarget.value)}
              />
              <Button type="submit" size="xs" variant="default" disabled={!changed} loading={update.isPending}>
                Save
              </Button>
              <ConfirmButton
                size="xs"
                variant="default"
                title={`Make a new ${name.thing}?`}
                message={`The current ${name.thing} stops working at once; people already in the course stay. Hand out the new one afterwards.`}
                onConfirm={() => regenerate.mutateAsync({ courseId, kind })}
              >
                {kind === "code" ? "New code" : "New link"}
              </ConfirmButton>
            </Group>
          </form>
        ) : null}
        <FormError message={update.error || regenerate.error ? errorMessage(update.error ?? regenerate.error) : null} />
      </Stack>
    </Card>
  );
}
