import { Avatar, Button, Menu, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { authClient } from "../../auth.ts";
import { useMe } from "../../hooks/useMe.ts";
import { authErrorMessage } from "../../lib/errors.ts";

/** The account button: who is signed in (with their picture), links to my page and the profile, and "Sign out". */
export function UserMenu() {
  const me = useMe();
  const session = authClient.useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const name = me.data?.name ?? session.data?.user.name ?? "Account";
  const email = me.data?.email ?? session.data?.user.email;

  const signOut = async () => {
    const { error } = await authClient.signOut();
    if (error) {
      notifications.show({ color: "red", title: "Could not sign out", message: authErrorMessage(error) });
      return;
    }
    queryClient.clear();
    await navigate("/sign-in", { replace: true });
    notifications.show({ color: "green", message: "You are signed out." });
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          // The name first, as shown (WCAG 2.5.3: the accessible name contains the visible text); the
          // avatar is decoration (its initials would be visible text missing from the name).
          aria-label={`${name}, account menu`}
          leftSection={<Avatar src={me.data?.image ?? null} color="indigo" size={28} alt="" aria-hidden />}
        >
          <Text size="sm" fw={500} visibleFrom="sm" span>
            {name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {name}
          </Text>
          {email ? (
            <Text size="xs" c="dimmed" truncate>
              {email}
            </Text>
          ) : null}
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/me">
          My page
        </Menu.Item>
        <Menu.Item component={Link} to="/profile">
          Profile
        </Menu.Item>
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
