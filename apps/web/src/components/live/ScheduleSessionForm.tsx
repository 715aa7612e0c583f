import { FormError } from "@codeclass/ui";
import { Button, Group, NumberInput, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorMessage, fieldErrorsOf } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { toLocalInput } from "./format.ts";

/** Staff schedule a live session: a title, a start (local time) and a duration in minutes. */
export function ScheduleSessionForm({ courseId, onDone }: { courseId: string; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [startsAt, setStartsAt] = useState(() => toLocalInput(new Date(Date.now() + 60 * 60_000)));
  const [duration, setDuration] = useState<number | string>(60);
  const create = useMutation(
    trpc.session.create.mutationOptions({
      onSuccess: async (s) => {
        await queryClient.invalidateQueries(trpc.session.list.pathFilter());
        notifications.show({ color: "green", message: `“${s.title}” is scheduled.` });
        setTitle("");
        onDone?.();
      },
    }),
  );
  const fields = create.error ? fieldErrorsOf(create.error) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ courseId, title, startsAt: new Date(startsAt), durationMinutes: Number(duration) });
  };
  return (
    <form onSubmit={submit} aria-label="Schedule a live session">
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Title"
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fields.title}
          maxLength={200}
        />
        <TextInput
          label="Starts at"
          type="datetime-local"
          required
          value={startsAt}
          onChange={(e) => setStartsAt(e.currentTarget.value)}
          error={fields.startsAt}
        />
        <NumberInput
          label="Minutes"
          required
          min={5}
          max={720}
          step={15}
          value={duration}
          onChange={setDuration}
          error={fields.durationMinutes}
          w={110}
        />
        <Button type="submit" loading={create.isPending}>
          Schedule
        </Button>
      </Group>
      <FormError message={create.error && Object.keys(fields).length === 0 ? errorMessage(create.error) : null} />
    </form>
  );
}
