/** The admin area's pages, in the order the admin menu and the admin tabs show them. */
export const adminLinks = [
  { to: "/admin/users", label: "Users" },
  { to: "/admin/courses", label: "Courses" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/import", label: "Bulk import" },
  { to: "/admin/monitoring", label: "Monitoring" },
  { to: "/admin/activity", label: "Activity" },
  { to: "/admin/api-keys", label: "API keys" },
] as const;
