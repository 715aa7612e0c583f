import { EmptyState, ErrorState, RoleBadge, roleLabel } from "@codeclass/ui";
import { type GlobalRole, globalRoles } from "@codeclass/validators";
import { Badge, Group, NativeSelect, Progress, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AdminFrame } from "../components/admin/AdminFrame.tsx";
import type { AdminUserRow, AdminUsersQuery } from "../components/admin/adminTypes.ts";
import { DeleteUserModal } from "../components/admin/DeleteUserModal.tsx";
import { DisableUserModal } from "../components/admin/DisableUserModal.tsx";
import { daysAgo, formatDateTime } from "../components/admin/formatTime.ts";
import { ListPager } from "../components/admin/ListPager.tsx";
import { UserActionsMenu } from "../components/admin/UserActionsMenu.tsx";
import { UserRoleSelect } from "../components/admin/UserRoleSelect.tsx";
import { useMe } from "../hooks/useMe.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

const pageSize = 50;

const activityChoices = [
  { value: "", label: "Any time" },
  { value: "active:7", label: "Active in the last 7 days" },
  { value: "active:30", label: "Active in the last 30 days" },
  { value: "inactive:30", label: "Not active for 30 days" },
  { value: "inactive:180", label: "Not active for 180 days" },
];
const sortChoices = [
  { value: "name:asc", label: "Name" },
  { value: "email:asc", label: "Email" },
  { value: "createdAt:desc", label: "Newest first" },
  { value: "lastActiveAt:desc", label: "Recently active" },
];

/** The activity filter's value ("inactive:30") as admin.users' activeSince / inactiveSince. */
function activityFilter(value: string): Pick<AdminUsersQuery, "activeSince" | "inactiveSince"> {
  const [kind, days] = value.split(":");
  if (!kind || !days) return {};
  return kind === "active" ? { activeSince: daysAgo(Number(days)) } : { inactiveSince: daysAgo(Number(days)) };
}

/** Every account: searched on the server by name or email, filtered, paged; each with its role and actions. */
export function AdminUsersPage() {
  const trpc = useTRPC();
  const me = useMe();
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q.trim(), 300);
  const [role, setRole] = useState("");
  const [status, setStatus] = useState("");
  const [activity, setActivity] = useState("");
  const [sort, setSort] = useState("name:asc");
  const [page, setPage] = useState(1);
  const [disabling, setDisabling] = useState<AdminUserRow | null>(null);
  const [deleting, setDeleting] = useState<AdminUserRow | null>(null);

  const [sortKey, order] = sort.split(":") as [NonNullable<AdminUsersQuery["sort"]>, "asc" | "desc"];
  const input: AdminUsersQuery = {
    q: search || undefined,
    role: (role || undefined) as GlobalRole | undefined,
    disabled: status === "" ? undefined : status === "disabled",
    ...activityFilter(activity),
    sort: sortKey,
    order,
    page,
    pageSize,
  };
  const users = useQuery({ ...trpc.admin.users.queryOptions(input), placeholderData: keepPreviousData });
  // Any filter change starts again at the first page.
  const filter = (set: (v: string) => void) => (value: string) => {
    set(value);
    setPage(1);
  };

  return (
    <AdminFrame title="Users" description="Every account on this Codeclass: search, change roles, disable, reset passwords, impersonate.">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="sm">
          <TextInput
            label="Search"
            placeholder="Part of a name or email"
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPage(1);
            }}
            maxLength={200}
            type="search"
          />
          <NativeSelect
            label="Role"
            data={[{ value: "", label: "Any role" }, ...globalRoles.map((r) => ({ value: r, label: roleLabel(r) }))]}
            value={role}
            onChange={(e) => filter(setRole)(e.currentTarget.value)}
          />
          <NativeSelect
            label="Status"
            data={[
              { value: "", label: "Enabled and disabled" },
              { value: "enabled", label: "Enabled" },
              { value: "disabled", label: "Disabled" },
            ]}
            value={status}
            onChange={(e) => filter(setStatus)(e.currentTarget.value)}
          />
          <NativeSelect
            label="Last active"
            data={activityChoices}
            value={activity}
            onChange={(e) => filter(setActivity)(e.currentTarget.value)}
          />
          <NativeSelect label="Sort by" data={sortChoices} value={sort} onChange={(e) => filter(setSort)(e.currentTarget.value)} />
        </SimpleGrid>
        {users.isFetching ? <Progress value={100} animated size="xs" aria-label="Loading users" /> : null}

        {users.error ? (
          <ErrorState title="Could not load the users" message={errorMessage(users.error)} onRetry={() => void users.refetch()} />
        ) : !users.data ? (
          <Text size="sm" c="dimmed">
            Loading users…
          </Text>
        ) : users.data.users.length === 0 ? (
          <EmptyState title="No user matches" description="Change the search or the filters to see more accounts." />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover aria-label="Users" aria-busy={users.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last active</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.users.map((user) => {
                  const isMe = user.id === me.data?.id;
                  return (
                    <Table.Tr key={user.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={500}>
                            {user.name}
                          </Text>
                          {isMe ? (
                            <Badge size="xs" variant="outline">
                              You
                            </Badge>
                          ) : null}
                        </Group>
                        <Text size="xs" c="dimmed">
                          {user.email}
                          {user.emailVerified ? "" : " (not verified)"}
                        </Text>
                      </Table.Td>
                      <Table.Td w={150}>{isMe ? <RoleBadge role={user.role as GlobalRole} /> : <UserRoleSelect user={user} />}</Table.Td>
                      <Table.Td>
                        {user.disabled ? (
                          <Badge color="red" variant="light" title={user.disabledReason ?? undefined}>
                            Disabled
                          </Badge>
                        ) : (
                          <Badge color="green" variant="light">
                            Enabled
                          </Badge>
                        )}
                        {user.disabled && user.disabledReason ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {user.disabledReason}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(user.lastActiveAt, "Never")}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(user.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td w={48}>
                        <UserActionsMenu user={user} isMe={isMe} onDisable={() => setDisabling(user)} onDelete={() => setDeleting(user)} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {users.data ? <ListPager page={page} pageSize={pageSize} total={users.data.total} label="users" onChange={setPage} /> : null}
        <Text size="xs" c="dimmed">
          Your own account's role, disabling and deletion are for another administrator; the last enabled administrator cannot be demoted,
          disabled or deleted, and administrators cannot be impersonated.
        </Text>
      </Stack>
      <DisableUserModal user={disabling} onClose={() => setDisabling(null)} />
      <DeleteUserModal user={deleting} onClose={() => setDeleting(null)} />
    </AdminFrame>
  );
}
