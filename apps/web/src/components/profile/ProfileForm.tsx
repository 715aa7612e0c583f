import { FormError, RoleBadge } from "@codeclass/ui";
import { limits, profileUpdateInput } from "@codeclass/validators";
import { Button, Group, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Me } from "../../api-types.ts";
import { authClient } from "../../auth.ts";
import { splitFormError } from "../../lib/errors.ts";
import { validate } from "../../lib/validate.ts";
import { useTRPC } from "../../trpc.ts";

const roleHelp = {
  admin: "Admins manage every course and account.",
  instructor: "Instructors can create courses.",
  student: "Students join the courses an instructor enrolls them in.",
} as const;

/** Name and bio (editable), email and global role (shown only). */
export function ProfileForm({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const [bio, setBio] = useState(me.bio ?? "");
  const [clientErrors, setClientErrors] = useState<{ name?: string; bio?: string }>({});
  const update = useMutation(
    trpc.me.updateProfile.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.me.get.queryKey(), updated);
        // The session carries the name too (e.g. for other tabs); refresh it.
        authClient.$store.notify("$sessionSignal");
        notifications.show({ color: "green", message: "Your profile is saved." });
      },
    }),
  );
  const server = splitFormError(update.error, ["name", "bio"] as const);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const payload = { name: name.trim(), bio: bio.trim() || null };
    const invalid = validate(profileUpdateInput, payload);
    setClientErrors(invalid ?? {});
    if (invalid) return;
    update.mutate(payload);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={560}>
        <TextInput
          label="Name"
          autoComplete="name"
          required
          maxLength={limits.name}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setClientErrors((errs) => ({ ...errs, name: undefined }));
          }}
          error={clientErrors.name ?? server.fieldErrors.name}
        />
        <Textarea
          label="Bio"
          description="Optional. A line or two about you, shown to people in your courses."
          autosize
          minRows={3}
          maxRows={10}
          maxLength={limits.bio}
          value={bio}
          onChange={(e) => {
            setBio(e.currentTarget.value);
            setClientErrors((errs) => ({ ...errs, bio: undefined }));
          }}
          error={clientErrors.bio ?? server.fieldErrors.bio}
        />
        <TextInput label="Email" value={me.email} readOnly description="Your sign-in address. An admin can change it." variant="filled" />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Global role
          </Text>
          <Group gap="sm">
            <RoleBadge role={me.role} size="lg" />
            <Text size="xs" c="dimmed">
              {roleHelp[me.role]}
            </Text>
          </Group>
        </Stack>
        <FormError message={server.formError} />
        <Button type="submit" loading={update.isPending} w="fit-content">
          Save
        </Button>
      </Stack>
    </form>
  );
}
