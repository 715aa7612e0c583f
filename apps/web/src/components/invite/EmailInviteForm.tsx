import { FormError } from "@codeclass/ui";
import { inviteEmailLimits, splitEmailList } from "@codeclass/validators";
import { Alert, Badge, Button, Group, List, Progress, SegmentedControl, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { splitFormError } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { EmailsOutcome } from "./types.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Outcome({ outcome }: { outcome: EmailsOutcome }) {
  if (!outcome.committed)
    return (
      <Alert color="red" title="Nothing was sent: fix these entries, then invite again" role="alert">
        <List size="sm" aria-label="Entries that are not addresses">
          {outcome.invalid.map((bad) => (
            <List.Item key={`${bad.line}-${bad.entry}`}>
              Line {bad.line}: “{bad.entry}” {bad.reason}
            </List.Item>
          ))}
        </List>
      </Alert>
    );
  const counts = [
    { n: outcome.enrolled.length, label: "enrolled now", color: "green" },
    { n: outcome.invited.length, label: "invited by mail", color: "blue" },
    { n: outcome.alreadyEnrolled.length, label: "already in the course", color: "gray" },
    { n: outcome.alreadyInvited.length, label: "already invited (not mailed again)", color: "gray" },
    { n: outcome.duplicates, label: "repeated in the list", color: "gray" },
  ];
  return (
    <Alert color="green" title="Done" role="status">
      <Group gap="xs">
        {counts
          .filter((c) => c.n > 0)
          .map((c) => (
            <Badge key={c.label} color={c.color} variant="light">
              {c.n} {c.label}
            </Badge>
          ))}
      </Group>
      {outcome.invited.length > 0 ? (
        <Text size="sm" mt="xs">
          Each new address got a personal link; it works for 14 days and enrolls the account that signs up with that address.
        </Text>
      ) : null}
      {outcome.pending.length > 0 ? (
        <Text size="sm" mt="xs">
          {plural(outcome.pending.length, "account has", "accounts have")} not confirmed {outcome.pending.length === 1 ? "its" : "their"}{" "}
          email address yet: the enrollment counts once they do ({outcome.pending.join(", ")}).
        </Text>
      ) : null}
    </Alert>
  );
}

/** Paste a class list: existing accounts are enrolled now, new addresses get an invitation mail. */
export function EmailInviteForm({ courseId }: { courseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roleLabelId = useId();
  const [emails, setEmails] = useState("");
  const [role, setRole] = useState<"student" | "ta">("student");
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation(
    trpc.invite.emails.mutationOptions({
      onSuccess: async (outcome) => {
        if (!outcome.committed) return;
        setEmails("");
        await queryClient.invalidateQueries(trpc.enrollment.roster.queryFilter({ courseId }));
      },
    }),
  );
  const server = splitFormError(send.error, ["emails", "role"] as const);
  const count = splitEmailList(emails).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem =
      count === 0
        ? "Paste at least one address: one a line, or separated by commas"
        : count > inviteEmailLimits.addresses
          ? `The list holds ${count} addresses; the limit is ${inviteEmailLimits.addresses}: split it`
          : null;
    setLocalError(problem);
    if (!problem) send.mutate({ courseId, emails, role });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Invite by email">
      <Stack gap="sm">
        <Textarea
          label="Email addresses"
          description="One a line, or separated by commas. “Name <address>” works too. People with an account are enrolled now; new addresses get an invitation mail."
          placeholder={"ada@school.example\nGrace Hopper <grace@school.example>"}
          value={emails}
          onChange={(e) => {
            setEmails(e.currentTarget.value);
            setLocalError(null);
          }}
          autosize
          minRows={4}
          maxRows={12}
          error={localError ?? server.fieldErrors.emails}
        />
        <Group align="center" gap="sm">
          <Text size="sm" fw={500} id={roleLabelId}>
            Role
          </Text>
          <SegmentedControl
            aria-labelledby={roleLabelId}
            size="xs"
            data={[
              { value: "student", label: "Student" },
              { value: "ta", label: "TA" },
            ]}
            value={role}
            onChange={(v) => setRole(v as "student" | "ta")}
          />
          <Button type="submit" loading={send.isPending} disabled={send.isPending}>
            {count > 0 ? `Invite ${plural(count, "address", "addresses")}` : "Invite"}
          </Button>
        </Group>
        {send.isPending ? <Progress value={100} animated aria-label="Enrolling and sending invitations" /> : null}
        <FormError message={server.formError ?? server.fieldErrors.role} />
        {send.data ? <Outcome outcome={send.data} /> : null}
      </Stack>
    </form>
  );
}
