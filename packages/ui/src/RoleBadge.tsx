import { Badge, type BadgeProps } from "@mantine/core";

/** A course role (instructor, ta, student) or a global role (admin, instructor, student). */
export type Role = "admin" | "instructor" | "ta" | "student";

const roleLabels: Record<Role, string> = { admin: "Admin", instructor: "Instructor", ta: "TA", student: "Student" };
const roleColors: Record<Role, string> = { admin: "red", instructor: "indigo", ta: "teal", student: "gray" };

/** The human name of a role, e.g. "TA" for `ta`. */
export function roleLabel(role: Role): string {
  return roleLabels[role];
}

export interface RoleBadgeProps extends Omit<BadgeProps, "children" | "color"> {
  /** The role to show. */
  role: Role;
}

/** A coloured badge naming a role; the same colour for the same role everywhere. */
export function RoleBadge({ role, ...props }: RoleBadgeProps) {
  return (
    <Badge variant="light" color={roleColors[role]} {...props}>
      {roleLabels[role]}
    </Badge>
  );
}
