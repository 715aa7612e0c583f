import { Alert, Button, Group, List, Modal, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import type { CollabConnection } from "../collab/connection.ts";
import { useSyncState } from "../collab/useCollab.ts";
import { whenSaved } from "../collab/whenSaved.ts";
import { formatDateTime } from "../run/runFormat.ts";
import type { ShownStep } from "./HistoryView.tsx";
import { isEmptyPlan, type RestorePlan, restorePlan, restoreVersion } from "./restore.ts";

export interface RestoreButtonProps {
  /** The live workspace (opened for writing); null while it opens. */
  conn: CollabConnection | null;
  shown: ShownStep;
  /** After the restore is saved: load the new step and show it. */
  onRestored: () => Promise<void>;
}

function Files({ label, paths }: { label: string; paths: string[] }) {
  if (paths.length === 0) return null;
  return (
    <List.Item>
      {label}: {paths.join(", ")}
    </List.Item>
  );
}

/**
 * "Restore this version": after a confirmation, writes the shown step's files into the live
 * workspace as one new edit (through the Y.Doc, like any edit), so everyone in it sees it at once,
 * nothing is lost, and the restore is itself a step of the history.
 */
export function RestoreButton({ conn, shown, onRestored }: RestoreButtonProps) {
  const sync = useSyncState(conn);
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  // The step asked about, kept while the dialog closes (the player moves to the restore at once).
  const [asked, setAsked] = useState(shown.index);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const at = new Date(shown.step.at);
  const ready = conn !== null && sync.loaded && sync.connection === "connected" && !sync.readOnly;
  const why =
    !conn || !sync.loaded
      ? "Opening the live workspace…"
      : sync.readOnly
        ? "You may only read this workspace."
        : "Offline: wait to reconnect.";
  const version = { files: shown.state.files, language: shown.state.language, entry: shown.state.entry };

  const ask = () => {
    if (!conn) return;
    setError(null);
    setAsked(shown.index);
    setPlan(restorePlan(conn.doc, version));
  };
  const confirm = async () => {
    if (!conn) return;
    setPending(true);
    setError(null);
    try {
      restoreVersion(conn.doc, version);
      await whenSaved(conn, 15_000);
      await onRestored();
      setPlan(null);
      notifications.show({
        color: "green",
        title: "Version restored",
        message: `The workspace now holds the files of step ${shown.index + 1} (${formatDateTime(at)}); the restore is the newest step.`,
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="compact-sm" color="grape" onClick={ask} disabled={!ready} title={ready ? undefined : why} aria-haspopup="dialog">
        Restore this version
      </Button>
      <Modal
        opened={plan !== null}
        onClose={pending ? () => {} : () => setPlan(null)}
        title={`Restore the version of step ${asked + 1}?`}
        centered
      >
        {plan && isEmptyPlan(plan) ? (
          <Text size="sm">The workspace already holds exactly these files: there is nothing to restore.</Text>
        ) : plan ? (
          <>
            <Text size="sm">
              The live workspace gets the files as they were on {formatDateTime(at)}, as a new change by you. Everyone in it sees the change
              at once; the current version stays in the history, so this can be undone by restoring it.
            </Text>
            <List size="sm" mt="xs">
              <Files label="Changed" paths={plan.changed} />
              <Files label="Added back" paths={plan.added} />
              <Files label="Deleted (with their comments)" paths={plan.removed} />
              {plan.settings ? <List.Item>The language and the main file as they were then</List.Item> : null}
            </List>
          </>
        ) : null}
        {error ? (
          <Alert color="red" mt="sm" role="alert" title="The version was not restored">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end" mt="lg" gap="sm">
          <Button variant="default" onClick={() => setPlan(null)} disabled={pending} data-autofocus>
            Cancel
          </Button>
          {plan && !isEmptyPlan(plan) ? (
            <Button color="grape" onClick={() => void confirm()} loading={pending} disabled={!ready}>
              Restore
            </Button>
          ) : null}
        </Group>
      </Modal>
    </>
  );
}
