import { RoleBadge } from "@codeclass/ui";
import { Avatar, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import type { RosterEntry } from "../../api-types.ts";
import { formatDate } from "../../lib/format.ts";
import { RemoveMemberButton } from "./RemoveMemberButton.tsx";
import { RosterRoleSelect } from "./RosterRoleSelect.tsx";

export interface RosterTableProps {
  courseId: string;
  courseCode: string;
  roster: RosterEntry[];
  /** The reader's user id, to mark their own row. */
  myUserId: string | undefined;
  /** Managers get a role select and a "Remove" button per row. */
  canManage: boolean;
  /** Archived courses' rosters are read-only. */
  readOnly: boolean;
  /** The id of the heading that names the table. */
  labelledBy: string;
}

/** The people in a course: name, email, role, and (for managers) the controls to change them. */
export function RosterTable({ courseId, courseCode, roster, myUserId, canManage, readOnly, labelledBy }: RosterTableProps) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-labelledby={labelledBy}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Enrolled</Table.Th>
            {canManage ? (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roster.map((entry) => {
            const isSelf = entry.userId === myUserId;
            return (
              <Table.Tr key={entry.userId}>
                <Table.Th scope="row" fw={500}>
                  <Group gap="sm" wrap="nowrap">
                    <Avatar src={entry.image} name={entry.name} color="initials" size={28} alt="" />
                    <Text size="sm" fw={500} style={{ whiteSpace: "nowrap" }}>
                      {entry.name}
                      {isSelf ? (
                        <Text span c="dimmed" size="sm">
                          {" "}
                          (you)
                        </Text>
                      ) : null}
                    </Text>
                  </Group>
                </Table.Th>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {entry.email}
                  </Text>
                  {entry.emailVerified ? null : (
                    <Text size="xs" c="dimmed">
                      Waiting for email verification
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {canManage ? <RosterRoleSelect courseId={courseId} entry={entry} disabled={readOnly} /> : <RoleBadge role={entry.role} />}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {formatDate(entry.enrolledAt)}
                  </Text>
                </Table.Td>
                {canManage ? (
                  <Table.Td ta="right">
                    <RemoveMemberButton courseId={courseId} courseCode={courseCode} entry={entry} isSelf={isSelf} disabled={readOnly} />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
