import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Divider, Paper, Stack, Title } from "@mantine/core";
import { useId } from "react";
import { AvatarSection } from "../components/profile/AvatarSection.tsx";
import { ChangePasswordForm } from "../components/profile/ChangePasswordForm.tsx";
import { LinkedAccountsSection } from "../components/profile/LinkedAccountsSection.tsx";
import { ProfileForm } from "../components/profile/ProfileForm.tsx";
import { SessionsSection } from "../components/profile/SessionsSection.tsx";
import { TwoFactorSection } from "../components/profile/TwoFactorSection.tsx";
import { useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";

export function ProfilePage() {
  usePageTitle("Profile");
  const me = useMe();
  const detailsId = useId();
  const securityId = useId();

  if (me.isPending) return <LoadingState label="Loading your profile…" />;
  if (me.isError) {
    return (
      <ErrorState headingOrder={1} title="Could not load your profile" message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
    );
  }

  return (
    <>
      <PageHeader title="Profile" description="How you appear to the people in your courses, and how you sign in." />
      <Stack gap="xl">
        <Paper withBorder p="lg" component="section" aria-labelledby={detailsId}>
          <Title order={2} size="h3" id={detailsId} mb="md">
            Your details
          </Title>
          <Stack gap="lg">
            <AvatarSection me={me.data} />
            <ProfileForm key={me.data.id} me={me.data} />
          </Stack>
        </Paper>
        <Paper withBorder p="lg" component="section" aria-labelledby={securityId}>
          <Title order={2} size="h3" id={securityId} mb="md">
            Security
          </Title>
          <Stack gap="lg">
            <ChangePasswordForm />
            <Divider />
            <TwoFactorSection enabled={me.data.twoFactorEnabled} />
            <Divider />
            <SessionsSection />
            <Divider />
            <LinkedAccountsSection />
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}
