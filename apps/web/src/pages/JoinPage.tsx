import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { inviteToken, joinCode, normalizeJoinCode } from "@codeclass/validators";
import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { CoursePreviewCard } from "../components/invite/CoursePreviewCard.tsx";
import { joinErrorText } from "../components/invite/joinErrors.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { checkValue } from "../lib/validate.ts";
import { useTRPC } from "../trpc.ts";

/** A preview is asked once per code: every ask counts against the wrong-code budget when it misses. */
const askOnce = { retry: false, staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, refetchOnReconnect: false } as const;

/** `/join` (type a join code; `?code=` fills it in) and `/join/:token` (an invitation link). */
export function JoinPage() {
  usePageTitle("Join a course");
  const { token } = useParams();
  const [params] = useSearchParams();
  return (
    <Stack gap="lg" maw={640}>
      <PageHeader title="Join a course" description={token ? undefined : "Enter the join code your instructor gave you."} />
      {token !== undefined ? <JoinByLink token={token} /> : <JoinByCode initial={params.get("code") ?? ""} />}
    </Stack>
  );
}

function JoinByLink({ token }: { token: string }) {
  const trpc = useTRPC();
  const wellFormed = inviteToken.safeParse(token).success;
  const preview = useQuery({ ...trpc.invite.preview.queryOptions({ token }), ...askOnce, enabled: wellFormed });

  if (!wellFormed)
    return (
      <ErrorState
        title="This invitation link is incomplete"
        message="Part of the link is missing or changed. Copy the whole link from the message you received, or ask your instructor for the join code."
        actions={<JoinWithCodeInstead />}
      />
    );
  if (preview.isPending) return <LoadingState label="Looking up the course…" />;
  if (preview.isError)
    return (
      <ErrorState
        title="This invitation link does not work"
        message={joinErrorText(preview.error, "token")}
        actions={<JoinWithCodeInstead />}
      />
    );
  return <CoursePreviewCard preview={preview.data} secret={{ token }} />;
}

function JoinWithCodeInstead() {
  return (
    <Button component={Link} to="/join" size="xs" variant="default">
      Enter a join code instead
    </Button>
  );
}

function JoinByCode({ initial }: { initial: string }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState(initial);
  const [localError, setLocalError] = useState<string | null>(null);
  const [asked, setAsked] = useState<string | null>(() =>
    initial && joinCode.safeParse(initial).success ? normalizeJoinCode(initial) : null,
  );
  const preview = useQuery({ ...trpc.invite.preview.queryOptions({ code: asked ?? "" }), ...askOnce, enabled: asked !== null });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = typed.trim() ? checkValue(joinCode, typed) : "Enter the join code: 8 letters or digits, such as ABCD-EFGH";
    setLocalError(problem);
    if (problem) return;
    const code = normalizeJoinCode(typed);
    // The same code again after a refusal: ask again (the instructor may have turned it on since).
    if (code === asked) void preview.refetch();
    else setAsked(code);
  };

  // What the server said is about the code asked; once the field changes, it no longer applies.
  const current = asked !== null && normalizeJoinCode(typed) === asked;
  const serverError = current && preview.isError ? joinErrorText(preview.error, "code") : null;
  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate aria-label="Find a course by its join code">
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Join code"
            placeholder="ABCD-EFGH"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            autoFocus
            value={typed}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              setLocalError(null);
            }}
            error={localError ?? serverError}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", textTransform: "uppercase" } }}
            style={{ flex: "1 1 220px" }}
          />
          <Button type="submit" mt={25} loading={asked !== null && preview.isFetching}>
            Find the course
          </Button>
        </Group>
      </form>
      {current && preview.isSuccess ? <CoursePreviewCard key={asked} preview={preview.data} secret={{ code: asked }} /> : null}
    </Stack>
  );
}
