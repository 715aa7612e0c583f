import { Anchor, Box, Button, Group } from "@mantine/core";
import { Link } from "react-router";
import { canCreateCourses, useMe } from "../../hooks/useMe.ts";
import { AppearanceMenu } from "./AppearanceMenu.tsx";
import { MainNav } from "./MainNav.tsx";
import { UserMenu } from "./UserMenu.tsx";

/** The header's contents: app name, main navigation, "New course" for course creators, appearance, account menu. */
export function AppHeader() {
  const me = useMe();
  return (
    <Group justify="space-between" wrap="nowrap" style={{ flex: 1 }} gap="md">
      <Group gap="lg" wrap="nowrap">
        <Anchor component={Link} to="/" fw={700} fz="xl" c="indigo" underline="never">
          Codeclass
        </Anchor>
        <Box component="nav" aria-label="Main" visibleFrom="sm">
          <MainNav orientation="horizontal" />
        </Box>
      </Group>
      <Group gap="sm" wrap="nowrap">
        {canCreateCourses(me.data?.role) ? (
          <Button component={Link} to="/courses/new" size="sm">
            New course
          </Button>
        ) : null}
        <AppearanceMenu />
        <UserMenu />
      </Group>
    </Group>
  );
}
