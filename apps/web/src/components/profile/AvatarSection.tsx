import { Alert, Avatar, Button, FileButton, Group, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Me } from "../../api-types.ts";
import { authClient } from "../../auth.ts";
import { useTRPC } from "../../trpc.ts";
import { avatarFileProblem, avatarMaxMiB, deleteAvatar, uploadAvatar } from "./uploadAvatar.ts";

const accept = "image/png,image/jpeg,image/webp,image/gif,image/avif";

/** The profile picture: shown large, replaced by uploading a file (with progress), or removed. */
export function AvatarSection({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.me.get.queryFilter());
    authClient.$store.notify("$sessionSignal");
  };

  const upload = async (file: File | null) => {
    if (!file) return;
    const problem = avatarFileProblem(file);
    setError(problem);
    if (problem) return;
    setProgress(0);
    try {
      await uploadAvatar(file, setProgress);
      await refresh();
      notifications.show({ color: "green", message: "Your picture is saved." });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  };

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      await deleteAvatar();
      await refresh();
      notifications.show({ color: "green", message: "Your picture is removed." });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRemoving(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="lg" align="center">
        <Avatar src={me.image} alt={me.image ? `${me.name}'s picture` : ""} name={me.name} color="indigo" size={96} radius={96} />
        <Stack gap="xs">
          <Group gap="sm">
            <FileButton onChange={(f) => void upload(f)} accept={accept}>
              {(props) => (
                <Button {...props} loading={progress !== null} variant="default">
                  {me.image ? "Change picture" : "Upload a picture"}
                </Button>
              )}
            </FileButton>
            {me.image ? (
              <Button variant="subtle" color="red" onClick={() => void remove()} loading={removing} disabled={progress !== null}>
                Remove picture
              </Button>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            JPEG, PNG, WebP, GIF or AVIF, up to {avatarMaxMiB} MiB. It is cropped to a square and its metadata (camera, place) removed.
          </Text>
        </Stack>
      </Group>
      {progress !== null ? (
        <Progress value={progress} aria-label="Uploading your picture" size="sm" maw={400} animated={progress === 100} />
      ) : null}
      {error ? (
        <Alert color="red" title="The picture was not saved" maw={560} role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
