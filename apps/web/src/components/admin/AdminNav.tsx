import { Box, Group } from "@mantine/core";
import { NavLink } from "react-router";
import classes from "../shell/MainNav.module.css";
import { adminLinks } from "./adminLinks.ts";

/** The admin area's sections as links, shown above each admin page; the current one is marked with aria-current. */
export function AdminNav() {
  return (
    <Box component="nav" aria-label="Administration" mb="md">
      <Group component="ul" gap={4} className={classes.list}>
        {adminLinks.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} className={classes.link}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </Group>
    </Box>
  );
}
