import { Alert, Button, Code, CopyButton, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, fieldErrorsOf } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

/** Makes a Judge0 API key: a label, the course its runs count in, its rate. The key is shown here once. */
export function ApiKeyCreateForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [courseId, setCourseId] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [rate, setRate] = useState<number | string>(120);
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const courses = useQuery(trpc.admin.courses.queryOptions({ q: q || undefined, page: 1, pageSize: 20 }));
  const create = useMutation(
    trpc.admin.createApiKey.mutationOptions({
      onSuccess: async (result) => {
        setMade({ name: result.name, key: result.key });
        setName("");
        await queryClient.invalidateQueries(trpc.admin.apiKeys.pathFilter());
      },
    }),
  );
  const errors = create.error ? fieldErrorsOf(create.error) : {};
  return (
    <Stack gap="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (courseId) create.mutate({ name, courseId, requestsPerMinute: Number(rate) });
        }}
      >
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            label="Name"
            description="Who uses it, e.g. the autograder"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            w={240}
          />
          <Select
            label="Course"
            description="Runs made with the key count in this course"
            required
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={(courses.data?.courses ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={courseId}
            onChange={setCourseId}
            nothingFoundMessage={courses.isFetching ? "Searching…" : "No course matches"}
            error={errors.courseId}
            w={300}
          />
          <NumberInput
            label="Requests a minute"
            required
            min={1}
            max={6000}
            value={rate}
            onChange={setRate}
            error={errors.requestsPerMinute}
            w={160}
          />
          <Button type="submit" loading={create.isPending} disabled={!courseId || !name.trim()}>
            Create key
          </Button>
        </Group>
      </form>
      {create.error && Object.keys(errors).length === 0 ? (
        <Alert color="red" title="Could not create the key">
          {errorMessage(create.error)}
        </Alert>
      ) : null}
      {made ? (
        <Alert
          color="green"
          title={`Key "${made.name}" created`}
          withCloseButton
          onClose={() => setMade(null)}
          closeButtonLabel="Hide the key"
        >
          <Stack gap="xs">
            <Text size="sm">Copy it now: it is shown only once (only its hash is kept). Send it in the X-Auth-Token header.</Text>
            <Group gap="xs">
              <Code aria-label="The new API key">{made.key}</Code>
              <CopyButton value={made.key}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}
    </Stack>
  );
}
