import { Group, NavLink as MantineNavLink, Stack } from "@mantine/core";
import { NavLink } from "react-router";
import classes from "./MainNav.module.css";

const links = [
  { to: "/", label: "My courses", end: true },
  { to: "/profile", label: "Profile", end: false },
] as const;

/** The app's main links; the current page's link is marked with aria-current. */
export function MainNav({ orientation }: { orientation: "horizontal" | "vertical" }) {
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
