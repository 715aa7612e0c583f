import { EmailField, FormError } from "@codeclass/ui";
import type { CourseRole } from "@codeclass/validators";
import { Button, Group, NativeSelect, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { splitFormError } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { courseRoleOptions, roleNoun } from "./courseRoles.ts";

/** Adds an existing account to the course by email, with a role. */
export function EnrollForm({ courseId }: { courseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<CourseRole>("student");
  const [emailError, setEmailError] = useState<string | null>(null);
  const add = useMutation(
    trpc.enrollment.add.mutationOptions({
      onSuccess: async (entry) => {
        setEmail("");
        await queryClient.invalidateQueries(trpc.enrollment.roster.queryFilter({ courseId }));
        notifications.show(
          entry.notice
            ? { color: "yellow", message: `${entry.name} is enrolled as ${roleNoun(entry.role)}. ${entry.notice}.` }
            : { color: "green", message: `${entry.name} is enrolled as ${roleNoun(entry.role)}.` },
        );
      },
    }),
  );
  const server = splitFormError(add.error, ["email", "role"] as const);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    const invalid = value ? null : "Enter the email of the person to enroll";
    setEmailError(invalid);
    if (invalid) return;
    add.mutate({ courseId, email: value, role });
  };

  return (
    <Stack component="section" gap="xs" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        Enroll someone
      </Title>
      <form onSubmit={submit} noValidate aria-labelledby={headingId}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <EmailField
            placeholder="ada@example.org"
            autoComplete="off"
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setEmailError(null);
            }}
            error={emailError ?? server.fieldErrors.email}
            style={{ flex: "1 1 260px" }}
          />
          <NativeSelect
            label="Role"
            data={courseRoleOptions}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as CourseRole)}
            error={server.fieldErrors.role}
            w={160}
          />
          <Button type="submit" loading={add.isPending} mt={25}>
            Enroll
          </Button>
        </Group>
      </form>
      <FormError message={server.formError} />
    </Stack>
  );
}
