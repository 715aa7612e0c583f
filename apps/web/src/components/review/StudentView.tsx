import { Button, Group, Kbd, Switch } from "@mantine/core";
import { Link } from "react-router";
import type { RosterWorkspace, SandboxLanguages } from "../../api-types.ts";
import type { CollabConnection } from "../collab/connection.ts";
import type { PresenceUser } from "../collab/presence.ts";
import { WorkspaceIde } from "../collab/WorkspaceIde.tsx";
import { WorkbenchFrame } from "../workbench/Workbench.tsx";

export interface StudentViewProps {
  courseId: string;
  student: RosterWorkspace;
  /** The panel's provider for this student (the same one the card watches). */
  conn: CollabConnection;
  me: PresenceUser;
  languages: SandboxLanguages;
  follow: boolean;
  onFollow: (follow: boolean) => void;
  onPrevious: () => void;
  onNext: () => void;
  onBack: () => void;
}

/**
 * One student's workspace in the whole window below the top bar (the page never scrolls), as the
 * same workbench the student has (its pane sizes kept under "review"): co-edit, follow, run,
 * comment, plus moving between students.
 */
export function StudentView({ courseId, student, conn, me, languages, follow, onFollow, onPrevious, onNext, onBack }: StudentViewProps) {
  return (
    <WorkbenchFrame>
      <WorkspaceIde
        courseId={courseId}
        workspaceId={student.workspace.id}
        conn={conn}
        me={me}
        title={`${student.name}’s workspace`}
        languages={languages.languages}
        sandboxAvailable={languages.available}
        unavailableReason={languages.unavailableReason}
        readOnly={false}
        canComment
        layoutId="review"
        followUserId={follow ? student.userId : null}
        onFollowChange={(id) => onFollow(id !== null)}
        actions={
          <Group gap={6} wrap="wrap">
            <Switch
              size="xs"
              label={
                <>
                  Follow {student.name} <Kbd size="xs">F</Kbd>
                </>
              }
              checked={follow}
              onChange={(e) => onFollow(e.currentTarget.checked)}
              aria-keyshortcuts="F"
            />
            <Button size="compact-xs" variant="default" onClick={onPrevious} aria-keyshortcuts="K" rightSection={<Kbd size="xs">K</Kbd>}>
              Previous student
            </Button>
            <Button size="compact-xs" variant="default" onClick={onNext} aria-keyshortcuts="J" rightSection={<Kbd size="xs">J</Kbd>}>
              Next student
            </Button>
            <Button
              component={Link}
              to={`/courses/${courseId}/workspaces/${student.workspace.id}/history`}
              size="compact-xs"
              variant="default"
            >
              History
            </Button>
            <Button size="compact-xs" variant="light" onClick={onBack} aria-keyshortcuts="Escape" rightSection={<Kbd size="xs">Esc</Kbd>}>
              All students
            </Button>
          </Group>
        }
      />
    </WorkbenchFrame>
  );
}
