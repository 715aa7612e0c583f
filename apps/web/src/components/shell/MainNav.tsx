import { Group, NavLink as MantineNavLink, Stack } from "@mantine/core";
import { NavLink } from "react-router";
import { useMe } from "../../hooks/useMe.ts";
import classes from "./MainNav.module.css";

const everyone = [
  { to: "/", label: "My courses", end: true },
  { to: "/profile", label: "Profile", end: false },
] as const;
const admins = [{ to: "/admin/import", label: "Bulk import", end: false }] as const;

/** The app's main links (and the admin's pages, for admins); the current page's link is marked with aria-current. */
export function MainNav({ orientation }: { orientation: "horizontal" | "vertical" }) {
  const me = useMe();
  const links = me.data?.role === "admin" ? [...everyone, ...admins] : everyone;
  if (orientation === "vertical") {
    return (
      <Stack gap={4}>
        {links.map((link) => (
          <MantineNavLink
            key={link.to}
            component={NavLink}
            to={link.to}
            end={link.end}
            label={link.label}
            className={classes.verticalLink}
          />
        ))}
      </Stack>
    );
  }
  return (
    <Group component="ul" gap={4} className={classes.list}>
      {links.map((link) => (
        <li key={link.to}>
          <NavLink to={link.to} end={link.end} className={classes.link}>
            {link.label}
          </NavLink>
        </li>
      ))}
    </Group>
  );
}
