import { Group, NavLink as MantineNavLink, Menu, Stack, UnstyledButton } from "@mantine/core";
import { NavLink, useLocation } from "react-router";
import { useMe } from "../../hooks/useMe.ts";
import { adminLinks } from "../admin/adminLinks.ts";
import classes from "./MainNav.module.css";

const everyone = [
  { to: "/", label: "My courses", end: true },
  { to: "/profile", label: "Profile", end: false },
] as const;

/** The app's main links, and for admins an "Admin" entry that opens the admin pages; the current page's link is marked with aria-current. */
export function MainNav({ orientation }: { orientation: "horizontal" | "vertical" }) {
  const me = useMe();
  const location = useLocation();
  const isAdmin = me.data?.role === "admin";
  const inAdmin = location.pathname.startsWith("/admin/");
  if (orientation === "vertical") {
    return (
      <Stack gap={4}>
        {everyone.map((link) => (
          <MantineNavLink
            key={link.to}
            component={NavLink}
            to={link.to}
            end={link.end}
            label={link.label}
            className={classes.verticalLink}
          />
        ))}
        {isAdmin ? (
          <MantineNavLink label="Admin" defaultOpened={inAdmin} childrenOffset="md">
            {adminLinks.map((link) => (
              <MantineNavLink key={link.to} component={NavLink} to={link.to} label={link.label} className={classes.verticalLink} />
            ))}
          </MantineNavLink>
        ) : null}
      </Stack>
    );
  }
  return (
    <Group component="ul" gap={4} className={classes.list}>
      {everyone.map((link) => (
        <li key={link.to}>
          <NavLink to={link.to} end={link.end} className={classes.link}>
            {link.label}
          </NavLink>
        </li>
      ))}
      {isAdmin ? (
        <li>
          <Menu position="bottom-start" width={200} withinPortal>
            <Menu.Target>
              <UnstyledButton className={classes.link} data-active={inAdmin || undefined}>
                Admin <span aria-hidden="true">▾</span>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown aria-label="Admin pages">
              {adminLinks.map((link) => (
                <Menu.Item key={link.to} component={NavLink} to={link.to}>
                  {link.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </li>
      ) : null}
    </Group>
  );
}
